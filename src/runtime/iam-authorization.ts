/**
 * What `--enforce-iam` authorizes in Lambda: `lambda:<Action>` on the function ARN (qualified
 * when the request names a version or alias); Invoke and InvokeWithResponseStream need
 * lambda:InvokeFunction. Lambda answers denials with 403 AccessDeniedException.
 */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";

const ACTIONS: Record<string, string> = {
  Invoke: "lambda:InvokeFunction",
  InvokeWithResponseStream: "lambda:InvokeFunction",
  ListVersionsByFunction: "lambda:ListVersionsByFunction",
};

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function functionArn(q: AuthorizationQuery, name: string): string {
  const qualifier = str(q.input.Qualifier);
  let arn: string;
  if (name.startsWith("arn:")) arn = name;
  else if (/^\d{12}:function:/.test(name)) arn = `arn:aws:lambda:${q.region}:${name}`;
  else arn = `arn:aws:lambda:${q.region}:${q.accountId}:function:${name}`;
  return qualifier && arn.split(":").length === 7 ? `${arn}:${qualifier}` : arn;
}

function targets(q: AuthorizationQuery): AuthorizationTarget[] {
  const action = ACTIONS[q.operation] ?? `lambda:${q.operation}`;
  const fn = str(q.input.FunctionName);
  if (fn) return [{ action, resource: functionArn(q, fn) }];
  const layer = str(q.input.LayerName);
  if (layer) {
    const base = layer.startsWith("arn:") ? layer : `arn:aws:lambda:${q.region}:${q.accountId}:layer:${layer}`;
    return [{ action, resource: q.input.VersionNumber !== undefined ? `${base}:${String(q.input.VersionNumber as number)}` : base }];
  }
  const uuid = str(q.input.UUID);
  if (uuid) return [{ action, resource: `arn:aws:lambda:${q.region}:${q.accountId}:event-source-mapping:${uuid}` }];
  return [{ action, resource: str(q.input.Resource) ?? "*" }];
}

export const lambdaAuthorization: ServiceAuthorization = { targets };
