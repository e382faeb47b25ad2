/**
 * An S3 REST origin, read in process through the ObjectReader port. Behind origin access control
 * S3 answers a missing key (or bucket) with 403 AccessDenied, not 404: SPAs map 403 to /index.html.
 */
import { createHash } from "node:crypto";
import { AwsError } from "../../core/errors.js";
import type { ObjectReader, StoredObjectMetadata } from "../../core/ports.js";
import type { ServiceEnv } from "../../core/service.js";
import { errorPage, pageTexts, s3AccessDenied } from "../pages.js";
import type { OriginRequest, OriginResponse } from "./types.js";

/** `<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com`. */
export function bucketOf(domainName: string): string | undefined {
  const m = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.exec(domainName);
  if (!m || m[2]?.startsWith("website")) return undefined;
  return m[1];
}

function headersOf(meta: StoredObjectMetadata, key: string): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": meta.contentType ?? contentTypeOf(key),
    etag: meta.etag,
    "last-modified": new Date(meta.lastModified).toUTCString(),
    "accept-ranges": "bytes",
    server: "AmazonS3",
  };
  if (meta.cacheControl) h["cache-control"] = meta.cacheControl;
  if (meta.expires) h.expires = meta.expires;
  if (meta.contentEncoding) h["content-encoding"] = meta.contentEncoding;
  if (meta.contentDisposition) h["content-disposition"] = meta.contentDisposition;
  if (meta.contentLanguage) h["content-language"] = meta.contentLanguage;
  for (const [k, v] of Object.entries(meta.userMetadata)) h[`x-amz-meta-${k.toLowerCase()}`] = v;
  return h;
}

function notModified(meta: StoredObjectMetadata, req: OriginRequest): boolean {
  const inm = req.headers["if-none-match"];
  if (inm !== undefined) return inm.split(",").some((t) => t.trim() === meta.etag || t.trim() === "*");
  const ims = req.headers["if-modified-since"];
  if (ims !== undefined) {
    const at = Date.parse(ims);
    return !Number.isNaN(at) && Math.floor(meta.lastModified / 1000) * 1000 <= at;
  }
  return false;
}

export async function fetchS3(env: ServiceEnv, account: string, bucket: string, originPath: string, req: OriginRequest): Promise<OriginResponse> {
  if (req.method !== "GET" && req.method !== "HEAD") return s3AccessDenied();
  let key: string;
  try {
    key = decodeURIComponent(`${originPath}${req.uri}`.replace(/^\/+/, ""));
  } catch {
    return s3AccessDenied();
  }
  const reader: ObjectReader = await env.ports.get("ObjectReader");
  const scope = { accountId: account, region: "us-east-1" };
  try {
    if (reader.headObject && reader.getObjectWithMetadata) {
      if (req.headers["if-none-match"] !== undefined || req.headers["if-modified-since"] !== undefined) {
        const meta = await reader.headObject(scope, bucket, key);
        if (notModified(meta, req)) return { status: 304, headers: headersOf(meta, key), body: Buffer.alloc(0) };
      }
      const { body, metadata } = await reader.getObjectWithMetadata(scope, bucket, key);
      return { status: 200, headers: headersOf(metadata, key), body };
    }
    const body = await reader.getObject(scope, bucket, key);
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    return { status: 200, headers: { "content-type": contentTypeOf(key), etag }, body };
  } catch (err) {
    if (err instanceof AwsError) return s3AccessDenied();
    env.log.warn({ err }, "edge: the S3 origin failed");
    return errorPage(502, pageTexts.badGateway, req.headers["x-amz-cf-id"]);
  }
}

const types: Record<string, string> = {
  html: "text/html", htm: "text/html", css: "text/css", js: "application/javascript", mjs: "application/javascript", json: "application/json",
  txt: "text/plain", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
  ico: "image/x-icon", xml: "application/xml", wasm: "application/wasm", woff2: "font/woff2", pdf: "application/pdf",
};

/** S3 answers the type the object was stored with; an object stored without one gets binary/octet-stream. */
function contentTypeOf(key: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  return (ext && types[ext]) ?? "binary/octet-stream";
}
