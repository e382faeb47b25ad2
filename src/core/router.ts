import { accountFor, scopeFromAuthorization, scopeFromQuery } from "./sigv4.js";
import type { ApiManifest, HttpRequest, ProtocolName, ServiceManifest } from "./service.js";

export type Resolution =
  | { kind: "api"; service: ServiceManifest; api: ApiManifest }
  | { kind: "unknown"; protocol: ProtocolName; name: string };

export interface Identity {
  accountId: string;
  region: string;
  /** SigV4 scope service, if the request was signed. */
  signingName?: string;
  /** The access key id the request was signed with (SigV4 header or presigned query), if any. */
  accessKeyId?: string;
}

/** Protocols of AWS services we do not implement, so that their error is the one AWS would send. */
const KNOWN_PROTOCOLS: Record<string, ProtocolName> = {
  events: "awsJson1_1", logs: "awsJson1_1", "cognito-idp": "awsJson1_1", "cognito-identity": "awsJson1_1",
  kinesis: "awsJson1_1", secretsmanager: "awsJson1_1", ssm: "awsJson1_1", states: "awsJson1_0", kms: "awsJson1_1",
  firehose: "awsJson1_1", ecr: "awsJson1_1", dynamodb: "awsJson1_0", sqs: "awsJson1_0",
  sts: "awsQuery", iam: "awsQuery", sns: "awsQuery", cloudformation: "awsQuery", ses: "awsQuery", monitoring: "awsQuery",
  lambda: "restJson1", apigateway: "restJson1", "execute-api": "restJson1", scheduler: "restJson1", appsync: "restJson1",
  s3: "restXml", cloudfront: "restXml", route53: "restXml",
};

type ApiResolution = Extract<Resolution, { kind: "api" }>;

interface ApiIndex {
  apis: { service: ServiceManifest; api: ApiManifest }[];
  /** X-Amz-Target prefix → its API, resolved once (the answer is the same object every time). */
  byTarget: Map<string, ApiResolution>;
}

const apiCache = new WeakMap<ServiceManifest[], ApiIndex>();
function apisOf(services: ServiceManifest[]): ApiIndex {
  let index = apiCache.get(services);
  if (!index) {
    const apis = services.flatMap((service) => service.apis.map((api) => ({ service, api })));
    const byTarget = new Map<string, ApiResolution>();
    for (const { service, api } of apis) for (const prefix of api.targetPrefixes ?? []) if (!byTarget.has(prefix)) byTarget.set(prefix, Object.freeze({ kind: "api", service, api }));
    apiCache.set(services, (index = { apis, byTarget }));
  }
  return index;
}

export function identify(req: HttpRequest, defaults: { accountId: string; region: string }): Identity {
  const scope = scopeFromAuthorization(req.headers.authorization) ?? scopeFromQuery(req.query.get("X-Amz-Credential") ?? undefined);
  return {
    accountId: accountFor(scope?.accessKeyId, defaults.accountId),
    region: scope?.region || defaults.region,
    signingName: scope?.service || undefined,
    accessKeyId: scope?.accessKeyId,
  };
}

/**
 * Names the service and API of a request, in order: X-Amz-Target, the SigV4 scope's service, the
 * path, the Host header, the Query `Action`; then the fallback (S3, as AWS's global endpoint).
 */
export function resolve(req: HttpRequest, identity: Identity, services: ServiceManifest[], formAction?: string): Resolution {
  const { apis, byTarget } = apisOf(services);
  const target = req.headers["x-amz-target"];
  const contentType = req.headers["content-type"] ?? "";
  if (target) {
    const prefix = target.slice(0, target.lastIndexOf("."));
    const hit = byTarget.get(prefix);
    if (hit) return hit;
    return { kind: "unknown", protocol: contentType.includes("1.1") ? "awsJson1_1" : "awsJson1_0", name: prefix || target };
  }
  if (identity.signingName) {
    const signed = apis.filter(({ api }) => api.signingNames?.includes(identity.signingName!));
    if (signed.length > 0) {
      const wantsQuery = contentType.startsWith("application/x-www-form-urlencoded") || req.query.has("Action");
      const hit =
        signed.find(({ api }) => (api.protocol === "awsQuery") === wantsQuery && !api.targetPrefixes?.length) ??
        signed.find(({ api }) => !api.targetPrefixes?.length) ??
        signed[0]!;
      return { kind: "api", ...hit };
    }
  }
  const byPath = apis.find(({ api }) => api.pathPrefixes?.some((p) => req.rawPath.startsWith(p)));
  if (byPath) return { kind: "api", ...byPath };
  const byHost = apis.find(({ api }) => api.hosts?.some((h) => h.test(req.host)));
  if (byHost) return { kind: "api", ...byHost };
  const action = req.query.get("Action") ?? formAction;
  if (action) {
    const hit = apis.find(({ api }) => api.protocol === "awsQuery" && api.queryActions?.includes(action));
    if (hit) return { kind: "api", ...hit };
  }
  if (identity.signingName) {
    const known = KNOWN_PROTOCOLS[identity.signingName];
    if (known && known !== "restXml") return { kind: "unknown", protocol: known, name: identity.signingName };
    if (!known) return { kind: "unknown", protocol: action || contentType.includes("x-www-form") ? "awsQuery" : "restJson1", name: identity.signingName };
  }
  const fallback = apis.find(({ api }) => api.fallback);
  if (fallback) return { kind: "api", ...fallback };
  if (action || contentType.startsWith("application/x-www-form-urlencoded")) return { kind: "unknown", protocol: "awsQuery", name: identity.signingName ?? "unknown" };
  return { kind: "unknown", protocol: identity.signingName === "s3" || !identity.signingName ? "restXml" : "restJson1", name: identity.signingName ?? "s3" };
}
