/**
 * Static website hosting: `http://<bucket>.s3-website.localhost:<port>/` and
 * `/_local/website/<bucket>/`. Index documents, error documents, RedirectAllRequestsTo, routing
 * rules and per-object redirects behave as the S3 website endpoint does; errors are HTML pages.
 */
import type { S3Ctx } from "./state.js";
import { escapeXml } from "../core/protocols/xml.js";
import type { HttpRequest, HttpResponse } from "../core/service.js";
import { findBucket, getConfig } from "./buckets.js";
import { anonymousVerdict, judgesAnonymous } from "./anonymous-access.js";
import { headersOf } from "./objects.js";
import { readSegments } from "./read-object.js";
import { type ObjectRow } from "./store.js";
import type { RoutingRule, WebsiteConfig } from "./website-config.js";

const HOST = /^(?<bucket>[a-z0-9][a-z0-9.-]*)\.s3-website\.localhost(:\d+)?$/;
const PATH = /^\/_local\/website\/(?<bucket>[^/?]+)(?<rest>\/.*)?$/;

function page(status: number, code: string, message: string, extra: Record<string, string>, requestId: string, method: string): HttpResponse {
  const items = Object.entries({ Code: code, Message: message, ...extra, RequestId: requestId })
    .map(([k, v]) => `<li>${k}: ${escapeXml(v)}</li>`)
    .join("");
  const title = status === 404 ? "404 Not Found" : status === 403 ? "403 Forbidden" : `${status} Error`;
  const html = `<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<ul>${items}</ul>\n<hr/>\n</body>\n</html>\n`;
  return { status, headers: { "content-type": "text/html; charset=utf-8", "x-amz-request-id": requestId }, body: method === "HEAD" ? undefined : html };
}

function redirect(status: number, location: string): HttpResponse {
  return { status, headers: { location, "content-length": "0" } };
}

function serve(ctx: S3Ctx, row: ObjectRow, status: number, method: string): HttpResponse {
  const h = headersOf(row);
  if (h.WebsiteRedirectLocation) return redirect(301, h.WebsiteRedirectLocation);
  const headers: Record<string, string> = {
    "content-type": h.ContentType ?? "binary/octet-stream",
    "content-length": String(row.size),
    etag: row.etag,
    "last-modified": new Date(row.last_modified).toUTCString(),
  };
  if (h.ContentEncoding) headers["content-encoding"] = h.ContentEncoding;
  if (h.CacheControl) headers["cache-control"] = h.CacheControl;
  return { status, headers, body: method === "GET" && row.size > 0 ? readSegments(ctx.blobs, row) : undefined };
}

function ruleRedirect(rule: RoutingRule, key: string, host: string): HttpResponse {
  const r = rule.Redirect;
  let target = key;
  if (r.ReplaceKeyWith !== undefined) target = r.ReplaceKeyWith;
  else if (r.ReplaceKeyPrefixWith !== undefined) target = r.ReplaceKeyPrefixWith + key.slice(rule.Condition?.KeyPrefixEquals?.length ?? 0);
  const origin = `${r.Protocol ?? "http"}://${r.HostName ?? host}`;
  return redirect(Number(r.HttpRedirectCode ?? 301), `${origin}/${target}`);
}

export async function handleWebsite(req: HttpRequest, ctx: S3Ctx): Promise<HttpResponse | undefined> {
  let bucketName: string;
  let path: string;
  let base = "";
  const byHost = HOST.exec(req.host);
  const byPath = PATH.exec(req.rawPath);
  if (byHost) {
    bucketName = byHost.groups!.bucket!;
    path = req.rawPath;
  } else if (byPath) {
    bucketName = byPath.groups!.bucket!;
    path = byPath.groups!.rest ?? "/";
    base = `/_local/website/${byPath.groups!.bucket!}`;
  } else {
    return undefined;
  }
  const method = req.method;
  if (method !== "GET" && method !== "HEAD") {
    return page(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: method, ResourceType: "OBJECT" }, ctx.requestId, method);
  }
  const sql = ctx.s3.sql;
  if (!findBucket(ctx, bucketName)) return page(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: bucketName }, ctx.requestId, method);
  const config = getConfig<WebsiteConfig>(ctx, bucketName, "website");
  if (!config) {
    return page(404, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", { BucketName: bucketName }, ctx.requestId, method);
  }
  let key: string;
  try {
    key = decodeURIComponent(path.slice(1));
  } catch {
    key = path.slice(1);
  }
  if (config.RedirectAllRequestsTo) {
    const to = config.RedirectAllRequestsTo;
    return redirect(301, `${to.Protocol ?? "http"}://${to.HostName}/${key}`);
  }
  const host = req.host;
  const prefixRule = config.RoutingRules?.find((r) => r.Condition?.KeyPrefixEquals !== undefined && !r.Condition.HttpErrorCodeReturnedEquals && key.startsWith(r.Condition.KeyPrefixEquals));
  if (prefixRule) return ruleRedirect(prefixRule, key, host);
  const suffix = config.IndexDocument!.Suffix;
  const lookup = key === "" || key.endsWith("/") ? key + suffix : key;
  // Website endpoints serve anonymous readers: under --enforce-iam the bucket policy must allow them, as on AWS.
  if (judgesAnonymous(ctx) && anonymousVerdict(ctx, bucketName, lookup, "s3:GetObject", {}) !== "allow") {
    return page(403, "AccessDenied", "Access Denied", {}, ctx.requestId, method);
  }
  const row = sql.latest.get(bucketName, lookup);
  if (row && !row.delete_marker) return serve(ctx, row, 200, method);
  if (!lookup.endsWith(suffix) || lookup === key) {
    const folder = sql.latest.get(bucketName, `${key}/${suffix}`);
    if (folder && !folder.delete_marker) return redirect(302, `${base}/${encodeURI(key)}/`);
  }
  const errorRule = config.RoutingRules?.find(
    (r) => r.Condition?.HttpErrorCodeReturnedEquals === "404" && (r.Condition.KeyPrefixEquals === undefined || key.startsWith(r.Condition.KeyPrefixEquals)),
  );
  if (errorRule) return ruleRedirect(errorRule, key, host);
  if (config.ErrorDocument) {
    const doc = sql.latest.get(bucketName, config.ErrorDocument.Key);
    if (doc && !doc.delete_marker) return serve(ctx, doc, 404, method);
  }
  return page(404, "NoSuchKey", "The specified key does not exist.", { Key: lookup }, ctx.requestId, method);
}
