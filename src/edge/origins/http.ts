/**
 * HTTP(S) origins: custom origins on loopback, and AWS endpoints this server serves itself
 * (S3 websites, API Gateway invoke URLs, Lambda function URLs), reached through its own listener
 * with the Host its data plane expects. Refused or failed connections → 502, no response within
 * the origin's read timeout (on the core clock) → 504, with CloudFront's error pages.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Clock } from "../../core/clock.js";
import { errorPage, pageTexts } from "../pages.js";
import type { OriginRequest, OriginResponse } from "./types.js";

export interface HttpTarget {
  protocol: "http:" | "https:";
  /** Where to connect. */
  hostname: string;
  port: number;
  /** The Host header the origin sees. */
  hostHeader: string;
  originPath: string;
  readTimeoutSeconds: number;
}

/** Largest origin body CloudFront keeps here (bigger answers are cut off with a 502). */
const MAX_BODY = 64 * 1024 * 1024;

/** Hop-by-hop headers never relayed. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer"]);

export function fetchHttp(clock: Clock, target: HttpTarget, req: OriginRequest): Promise<OriginResponse> {
  const path = `${target.originPath}${req.uri}${req.querystring ? `?${req.querystring}` : ""}`;
  const headers: Record<string, string> = { ...req.headers, host: target.hostHeader };
  if (req.body && req.body.length > 0) headers["content-length"] = String(req.body.length);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: OriginResponse): void => {
      if (settled) return;
      settled = true;
      timer.cancel();
      resolve(r);
    };
    // Loopback HTTPS origins use self-signed certificates.
    const outgoing = send({ hostname: target.hostname, port: target.port, method: req.method, path, headers, agent: false, rejectUnauthorized: false }, (res) => collect(res, finish, req.headers["x-amz-cf-id"]));
    const timer = clock.setTimer(clock.now() + target.readTimeoutSeconds * 1000, () => {
      finish(errorPage(504, pageTexts.gatewayTimeout, req.headers["x-amz-cf-id"]));
      outgoing.destroy();
    });
    outgoing.on("error", () => finish(errorPage(502, pageTexts.badGateway, req.headers["x-amz-cf-id"])));
    outgoing.end(req.body && req.body.length > 0 ? req.body : undefined);
  });
}

function collect(res: IncomingMessage, finish: (r: OriginResponse) => void, requestId: string | undefined): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      res.destroy();
      finish(errorPage(502, pageTexts.badGateway, requestId));
      return;
    }
    chunks.push(c);
  });
  res.on("error", () => finish(errorPage(502, pageTexts.badGateway, requestId)));
  res.on("end", () => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined || HOP.has(k) || k === "content-length") continue;
      headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    finish({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
  });
}
