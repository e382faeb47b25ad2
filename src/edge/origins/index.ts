/**
 * Which origin answers, and how it is reached: S3 REST in process, AWS endpoints this server
 * serves (S3 websites, execute-api, Lambda function URLs) through its own listener, loopback
 * custom origins over HTTP(S). Other hosts are refused (502): local-aws reaches no network.
 */
import type { ServiceEnv } from "../../core/service.js";
import type { Origin } from "../distribution.js";
import { errorPage, pageTexts } from "../pages.js";
import { fetchHttp, type HttpTarget } from "./http.js";
import { bucketOf, fetchS3 } from "./s3.js";
import type { OriginRequest, OriginResponse } from "./types.js";

export { bucketOf };

interface CustomOriginConfig {
  HTTPPort?: number;
  HTTPSPort?: number;
  OriginProtocolPolicy?: string;
  OriginReadTimeout?: number;
}

/** The AWS endpoints served here, and the local Host each one's data plane answers to. */
const ownEndpoints: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(.+)\.s3-website[.-]([a-z0-9-]+)\.amazonaws\.com$/, (m) => `${m[1]}.s3-website.localhost`],
  [/^([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/, (m) => `${m[1]}.execute-api.localhost`],
  [/^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.on\.aws$/, (m) => `${m[1]}.lambda-url.${m[2]}.localhost`],
];

function isLoopback(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "::1" || host === "[::1]";
}

function originPathOf(origin: Origin): string {
  const p = origin.OriginPath ?? "";
  return p === "" ? "" : `/${p.replace(/^\/+|\/+$/g, "")}`;
}

/** How a custom origin is reached, or undefined when it is not reachable from here. */
export function httpTargetOf(env: ServiceEnv, origin: Origin): HttpTarget | undefined {
  const custom = (origin.CustomOriginConfig ?? {}) as CustomOriginConfig;
  const readTimeoutSeconds = Number(custom.OriginReadTimeout ?? 30);
  const originPath = originPathOf(origin);
  for (const [pattern, localHost] of ownEndpoints) {
    const m = pattern.exec(origin.DomainName);
    if (!m) continue;
    const own = new URL(env.endpoint());
    return { protocol: "http:", hostname: own.hostname, port: Number(own.port || 80), hostHeader: `${localHost(m)}:${own.port || 80}`, originPath, readTimeoutSeconds };
  }
  if (!isLoopback(origin.DomainName)) return undefined;
  // A local viewer counts as HTTPS, so match-viewer talks HTTPS to the origin.
  const https = custom.OriginProtocolPolicy === "https-only" || custom.OriginProtocolPolicy === "match-viewer";
  const port = Number(https ? (custom.HTTPSPort ?? 443) : (custom.HTTPPort ?? 80));
  const hostname = origin.DomainName.replace(/^\[|\]$/g, "");
  const defaultPort = https ? 443 : 80;
  return { protocol: https ? "https:" : "http:", hostname, port, hostHeader: port === defaultPort ? origin.DomainName : `${origin.DomainName}:${port}`, originPath, readTimeoutSeconds };
}

export async function fetchOrigin(env: ServiceEnv, account: string, origin: Origin, req: OriginRequest): Promise<OriginResponse> {
  const custom = (origin.CustomHeaders as { Items?: { HeaderName: string; HeaderValue: string }[] } | undefined)?.Items ?? [];
  for (const h of custom) req.headers[h.HeaderName.toLowerCase()] = h.HeaderValue;
  const bucket = origin.CustomOriginConfig ? undefined : bucketOf(origin.DomainName);
  if (bucket) return fetchS3(env, account, bucket, originPathOf(origin), req);
  const target = httpTargetOf(env, origin);
  if (!target) {
    env.log.warn({ origin: origin.DomainName }, "edge: origin not reachable from local-aws (only loopback hosts and AWS endpoints served here)");
    return errorPage(502, pageTexts.badGateway, req.headers["x-amz-cf-id"]);
  }
  return fetchHttp(env.clock, target, req);
}
