/**
 * Lambda@Edge associations on a distribution's behaviours, checked as AWS checks them when a
 * distribution is created or updated: a numbered version (not $LATEST, not an alias) of a
 * function in us-east-1 that exists.
 */
import type { FunctionInvoker } from "../../core/ports.js";
import type { CacheBehavior, DistributionConfig } from "../distribution.js";
import { edgeErrors } from "../errors.js";

export type LambdaEventType = "viewer-request" | "origin-request" | "origin-response" | "viewer-response";

export interface LambdaAssociation {
  LambdaFunctionARN: string;
  EventType: LambdaEventType;
  IncludeBody?: boolean;
}

export function lambdaAssociationsOf(b: CacheBehavior): LambdaAssociation[] {
  return (b.LambdaFunctionAssociations as { Items?: LambdaAssociation[] } | undefined)?.Items ?? [];
}

export function lambdaFor(b: CacheBehavior, eventType: LambdaEventType): LambdaAssociation | undefined {
  return lambdaAssociationsOf(b).find((a) => a.EventType === eventType);
}

const ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([^:]+))?$/;

export async function checkLambdaAssociations(config: DistributionConfig, invoker: () => Promise<FunctionInvoker>): Promise<void> {
  const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])];
  for (const b of behaviors) {
    const seen = new Set<string>();
    for (const a of lambdaAssociationsOf(b)) {
      const arn = a.LambdaFunctionARN;
      if (seen.has(a.EventType)) throw edgeErrors.invalidArgument(`You cannot associate more than one Lambda function with the same event type (${a.EventType}) in a cache behavior.`);
      seen.add(a.EventType);
      const m = ARN.exec(arn);
      if (!m) throw edgeErrors.invalidLambdaAssociation(`The function ARN is not valid. ARN: ${arn}`);
      if (m[4] === undefined || !/^\d+$/.test(m[4])) {
        throw edgeErrors.invalidLambdaAssociation(`The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}`);
      }
      if (m[1] !== "us-east-1") throw edgeErrors.invalidLambdaAssociation(`The function must be in region 'us-east-1'. ARN: ${arn}`);
      if (!(await (await invoker()).exists({ accountId: m[2]!, region: m[1] }, arn))) {
        throw edgeErrors.invalidLambdaAssociation(`Lambda@Edge cannot retrieve the specified Lambda function. Update the IAM policy to add permission: lambda:GetFunction for resource: ${arn} and try again.`);
      }
    }
  }
}
