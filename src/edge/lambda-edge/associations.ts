/**
 * Lambda@Edge associations on a distribution's behaviours, checked as AWS checks them when a
 * distribution is created or updated: a numbered version (not $LATEST, not an alias) of a
 * function in us-east-1 that exists, within the restrictions AWS lists for edge functions.
 */
import type { FunctionInvoker, FunctionSettings, RoleTrust } from "../../core/ports.js";
import type { CacheBehavior, DistributionConfig } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import type { EdgeState } from "../state.js";

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

/** Longest timeout a Lambda@Edge function may have, by event (seconds). */
const MAX_TIMEOUT: Record<LambdaEventType, number> = { "viewer-request": 5, "viewer-response": 5, "origin-request": 30, "origin-response": 30 };
/** Viewer events: 128 MB of memory and a 1 MB package; origin events: Lambda's own limits, 50 MB. */
const MAX_MEMORY_MB: Record<LambdaEventType, number> = { "viewer-request": 128, "viewer-response": 128, "origin-request": 10240, "origin-response": 10240 };
const MAX_CODE_BYTES: Record<LambdaEventType, number> = { "viewer-request": 1024 * 1024, "viewer-response": 1024 * 1024, "origin-request": 50 * 1024 * 1024, "origin-response": 50 * 1024 * 1024 };

export interface EdgePorts {
  invoker(): Promise<FunctionInvoker>;
  /** IAM's trust checks (undefined when IAM is not loaded). */
  roleTrust(): Promise<RoleTrust | undefined>;
}

/** The restrictions AWS puts on Lambda@Edge functions, with CloudFront's texts. */
async function checkSettings(ports: EdgePorts, arn: string, eventType: LambdaEventType, s: FunctionSettings): Promise<void> {
  if (s.environmentVariables > 0) throw edgeErrors.invalidLambdaAssociation(`The function cannot have environment variables. Function: ${arn}`);
  const max = MAX_TIMEOUT[eventType] ?? 30;
  if (s.timeoutSeconds > max) {
    throw edgeErrors.invalidLambdaAssociation(`The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: ${s.timeoutSeconds} Max allowed: ${max} Function: ${arn}`);
  }
  const memory = MAX_MEMORY_MB[eventType] ?? 10240;
  if (s.memoryMb > memory) {
    throw edgeErrors.invalidLambdaAssociation(`The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${s.memoryMb} Max allowed: ${memory} Function: ${arn}`);
  }
  const code = MAX_CODE_BYTES[eventType] ?? 50 * 1024 * 1024;
  if (s.codeSize > code) {
    throw edgeErrors.invalidLambdaAssociation(`The function code size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${s.codeSize} Max allowed: ${code} Function: ${arn}`);
  }
  if (s.layers > 0) throw edgeErrors.invalidLambdaAssociation(`The function cannot have a layer. Function: ${arn}`);
  const arch = s.architectures.find((a) => a !== "x86_64");
  if (arch !== undefined) throw edgeErrors.invalidLambdaAssociation(`Lambda@Edge does not support functions with an architecture of ${arch}. Function: ${arn}`);
  if (s.vpc) throw edgeErrors.invalidLambdaAssociation(`The function cannot have a VPC configuration. Function: ${arn}`);
  if (s.deadLetterTarget) throw edgeErrors.invalidLambdaAssociation(`The function cannot have a dead letter queue configuration. Function: ${arn}`);
  // A role IAM does not know passes (functions here are often created with a made-up role); a known one must trust Lambda@Edge.
  const trust = s.role ? await ports.roleTrust() : undefined;
  const verdict = await trust?.checkAssumeRole(s.role, { action: "sts:AssumeRole", principal: { service: "edgelambda.amazonaws.com" }, context: {} });
  if (verdict && !verdict.trusted) {
    throw edgeErrors.invalidLambdaAssociation(
      `The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals. Update the IAM role and try again. Role: ${s.role}`,
    );
  }
}

export function edgePorts(state: EdgeState): EdgePorts {
  return {
    invoker: () => state.env.ports.get("FunctionInvoker"),
    roleTrust: () => state.env.ports.get("RoleTrust").catch(() => undefined),
  };
}

export async function checkLambdaAssociations(config: DistributionConfig, ports: EdgePorts): Promise<void> {
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
      const invoker = await ports.invoker();
      const scope = { accountId: m[2]!, region: m[1] };
      const settings = invoker.settings ? await invoker.settings(scope, arn) : (await invoker.exists(scope, arn)) ? undefined : null;
      if (settings === null || (invoker.settings && settings === undefined)) {
        throw edgeErrors.invalidLambdaAssociation(`Lambda@Edge cannot retrieve the specified Lambda function. Update the IAM policy to add permission: lambda:GetFunction for resource: ${arn} and try again.`);
      }
      if (settings) await checkSettings(ports, arn, a.EventType, settings);
    }
  }
}
