/**
 * Function URLs: a URL per function (or alias), `http://<url-id>.lambda-url.<region>.localhost:<port>/`
 * and `<endpoint>/_aws/lambda-url/<url-id>/`, with AuthType NONE (the resource policy must grant
 * `lambda:InvokeFunctionUrl` and, since October 2025, `lambda:InvokeFunction` to everyone) or
 * AWS_IAM (a SigV4-signed request), AWS's CORS handling, and InvokeMode BUFFERED or
 * RESPONSE_STREAM. The configuration as the API shows it, and the policy check.
 */
import { randomBytes } from "node:crypto";
import type { Scope } from "../core/events.js";
import { lambdaErrors, validationErrors } from "./errors.js";
import { lambdaTimestamp } from "./function-config.js";
import type { Statement } from "./policy.js";
import type { UrlRow } from "./store.js";

export interface Cors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface UrlConfig {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: string;
  Cors?: Cors;
  CreationTime: string;
  LastModifiedTime: string;
  InvokeMode: string;
}

export interface UrlInput {
  FunctionName: string;
  Qualifier?: string;
  AuthType?: string;
  Cors?: Cors;
  InvokeMode?: string;
}

/** `<32 lowercase letters and digits>`, as AWS's url ids look. */
export function newUrlId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(32)].map((b) => alphabet[b % 36]).join("");
}

export function functionUrl(endpoint: string, urlId: string, region: string): string {
  const u = new URL(endpoint);
  return `${u.protocol}//${urlId}.lambda-url.${region}.localhost${u.port ? `:${u.port}` : ""}/`;
}

export function validateUrlInput(input: UrlInput, creating: boolean): void {
  const problems: string[] = [];
  if ((creating || input.AuthType !== undefined) && !["NONE", "AWS_IAM"].includes(input.AuthType ?? "")) {
    problems.push(`Value '${input.AuthType ?? "null"}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]`);
  }
  if (input.InvokeMode !== undefined && !["BUFFERED", "RESPONSE_STREAM"].includes(input.InvokeMode)) {
    problems.push(`Value '${input.InvokeMode}' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]`);
  }
  if (input.Qualifier !== undefined && !/^((\$LATEST)|((?!^[0-9]+$)([a-zA-Z0-9-_]+)))$/.test(input.Qualifier)) {
    problems.push(`Value '${input.Qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))`);
  }
  const cors = input.Cors;
  if (cors?.MaxAge !== undefined && (cors.MaxAge < 0 || cors.MaxAge > 86400)) problems.push(`Value '${cors.MaxAge}' at 'cors.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400`);
  if (cors?.AllowMethods?.some((m) => !/^[*A-Z]+$/.test(m) || m.length > 6)) problems.push(`Value '[${cors.AllowMethods.join(", ")}]' at 'cors.allowMethods' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 6, Member must satisfy regular expression pattern: .*]`);
  if (problems.length > 0) throw validationErrors(problems);
}

export function urlView(row: UrlRow): UrlConfig {
  return JSON.parse(row.config) as UrlConfig;
}

export function newUrlConfig(scope: Scope, endpoint: string, urlId: string, functionArn: string, input: UrlInput, now: number): UrlConfig {
  const t = lambdaTimestamp(now);
  return {
    FunctionUrl: functionUrl(endpoint, urlId, scope.region),
    FunctionArn: functionArn,
    AuthType: input.AuthType!,
    ...(input.Cors ? { Cors: input.Cors } : {}),
    CreationTime: t,
    LastModifiedTime: t,
    InvokeMode: input.InvokeMode ?? "BUFFERED",
  };
}

export function notFound(): Error {
  return lambdaErrors.resourceNotFound("The resource you requested does not exist.");
}

/**
 * Whether the function's resource policy lets anyone invoke it through a NONE URL: AWS requires
 * `lambda:InvokeFunctionUrl` and (since October 2025) `lambda:InvokeFunction` for principal `*`.
 */
export function publicUrlAllowed(policy: Statement[]): boolean {
  const grants = (action: string): boolean =>
    policy.some((s) => s.Effect === "Allow" && (s.Principal === "*" || (s.Principal as { AWS?: string })?.AWS === "*") && (s.Action === action || s.Action === "lambda:*" || s.Action === "*"));
  return grants("lambda:InvokeFunctionUrl") && grants("lambda:InvokeFunction");
}

/** The CORS headers of an actual (non-preflight) response, when the origin is allowed. */
export function corsHeaders(cors: Cors | undefined, origin: string | undefined): Record<string, string> {
  if (!cors || !origin || !originAllowed(cors, origin)) return {};
  const out: Record<string, string> = { "access-control-allow-origin": cors.AllowOrigins!.includes("*") && !cors.AllowCredentials ? "*" : origin, vary: "Origin" };
  if (cors.AllowCredentials) out["access-control-allow-credentials"] = "true";
  if (cors.ExposeHeaders?.length) out["access-control-expose-headers"] = cors.ExposeHeaders.join(",");
  return out;
}

/** A preflight (OPTIONS with Access-Control-Request-Method) is answered by Lambda itself. */
export function preflight(cors: Cors | undefined, headers: Record<string, string | undefined>): Record<string, string> {
  const origin = headers.origin;
  if (!cors || !origin || !originAllowed(cors, origin)) return {};
  const method = (headers["access-control-request-method"] ?? "").toUpperCase();
  const methods = cors.AllowMethods ?? [];
  if (!methods.includes("*") && !methods.includes(method)) return {};
  const out = corsHeaders(cors, origin);
  out["access-control-allow-methods"] = methods.includes("*") ? method : methods.join(",");
  const requested = headers["access-control-request-headers"];
  if (cors.AllowHeaders?.length) out["access-control-allow-headers"] = cors.AllowHeaders.includes("*") && requested ? requested : cors.AllowHeaders.join(",");
  if (cors.MaxAge !== undefined) out["access-control-max-age"] = String(cors.MaxAge);
  return out;
}

function originAllowed(cors: Cors, origin: string): boolean {
  const list = cors.AllowOrigins ?? [];
  return list.includes("*") || list.some((o) => o.toLowerCase() === origin.toLowerCase());
}
