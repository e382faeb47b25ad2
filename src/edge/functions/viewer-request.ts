/**
 * The viewer-request step: CloudFront Functions associated with a behaviour run (LIVE stage) on
 * the viewer's request, which they may rewrite or answer themselves.
 */
import type { HttpRequest } from "../../core/service.js";
import type { CachedResponse } from "../cache.js";
import type { CacheBehavior, DistributionMeta, Json } from "../distribution.js";
import type { EdgeState } from "../state.js";
import { runFunction } from "./sandbox.js";

export interface ViewerRequestOutcome {
  uri: string;
  query: URLSearchParams;
  /** Set when the function answered itself (or failed: 502/503). */
  response?: CachedResponse;
  generated?: boolean;
}

interface ValueField {
  value: string;
}

function functionArnFor(b: CacheBehavior, eventType: string): string | undefined {
  const items = (b.FunctionAssociations as { Items?: { FunctionARN?: string; EventType?: string }[] } | undefined)?.Items ?? [];
  return items.find((i) => i.EventType === eventType)?.FunctionARN;
}

/** The ARNs of every function a distribution's behaviours use (FunctionInUse). */
export function functionArnsOf(meta: DistributionMeta): string[] {
  const behaviors = [meta.config.DefaultCacheBehavior, ...(meta.config.CacheBehaviors?.Items ?? [])];
  const items = behaviors.flatMap((b) => (b.FunctionAssociations as { Items?: { FunctionARN?: string }[] } | undefined)?.Items ?? []);
  return items.map((i) => i.FunctionARN ?? "");
}

function eventOf(req: HttpRequest, meta: DistributionMeta, uri: string, requestId: string): Json {
  const headers: Record<string, ValueField> = Object.create(null) as Record<string, ValueField>;
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== "cookie") headers[k] = { value: v };
  const querystring: Record<string, ValueField> = Object.create(null) as Record<string, ValueField>;
  for (const [k, v] of req.query) querystring[k] = { value: v };
  const cookies: Record<string, ValueField> = Object.create(null) as Record<string, ValueField>;
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = { value: part.slice(eq + 1).trim() };
  }
  return {
    version: "1.0",
    context: { distributionDomainName: meta.domain, distributionId: meta.id, eventType: "viewer-request", requestId },
    viewer: { ip: "127.0.0.1" },
    request: { method: req.method, uri, querystring, headers, cookies },
  };
}

function failure(status: 502 | 503): CachedResponse {
  const text = status === 503 ? "The CloudFront function associated with the CloudFront distribution is invalid or could not run." : "The CloudFront function returned an invalid value to CloudFront.";
  return { status, headers: { "content-type": "text/html" }, body: Buffer.from(`<HTML><BODY><H1>${status} ERROR</H1><H2>The request could not be satisfied.</H2>${text}</BODY></HTML>`) };
}

export function runViewerRequest(state: EdgeState, req: HttpRequest, meta: DistributionMeta, behavior: CacheBehavior, uri: string, requestId: string): ViewerRequestOutcome {
  const arn = functionArnFor(behavior, "viewer-request");
  if (arn === undefined) return { uri, query: req.query };
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const account = /^arn:aws:cloudfront::(\d{12}):function\//.exec(arn)?.[1] ?? "";
  const row = state.sql.function.get(account, name, "LIVE");
  if (!row) return { uri, query: req.query, response: failure(503) };
  const result = runFunction(row.code.toString("utf8"), eventOf(req, meta, uri, requestId), state.env.clock.now());
  if (!result.ok) return { uri, query: req.query, response: failure(503) };
  const value = result.value as Json | null;
  if (!value || typeof value !== "object") return { uri, query: req.query, response: failure(502) };
  if (value.statusCode !== undefined) {
    const status = Number(value.statusCode);
    if (!Number.isInteger(status) || status < 200 || status > 599) return { uri, query: req.query, response: failure(502) };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((value.headers ?? {}) as Record<string, ValueField>)) if (v && typeof v.value === "string") headers[k.toLowerCase()] = v.value;
    const body = value.body as string | { data?: string; encoding?: string } | undefined;
    const bytes = typeof body === "string" ? Buffer.from(body) : body?.encoding === "base64" ? Buffer.from(body.data ?? "", "base64") : Buffer.from(body?.data ?? "");
    return { uri, query: req.query, generated: true, response: { status, headers, body: bytes } };
  }
  const newUri = value.uri;
  if (typeof newUri !== "string" || !newUri.startsWith("/")) return { uri, query: req.query, response: failure(502) };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries((value.querystring ?? {}) as Record<string, ValueField | undefined>)) if (v && typeof v.value === "string") query.append(k, v.value);
  return { uri: newUri, query };
}
