import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { uniqueName } from "../helpers/index.js";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

/** A zip of the given files (name → source). */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

export const handlers = {
  echo: `exports.handler = async (event, context) => ({ event, requestId: context.awsRequestId, fn: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, group: context.logGroupName, stream: context.logStreamName, remaining: context.getRemainingTimeInMillis() });`,
  counter: `let n = 0; exports.handler = async () => ({ n: ++n });`,
};

/** Creates a function from `source` (index.js unless files are given); returns its name. */
export async function createFn(
  lambda: LambdaClient,
  source: string | Record<string, string>,
  extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {},
): Promise<string> {
  const name = extra.FunctionName ?? uniqueName("fn");
  const files = typeof source === "string" ? { "index.js": source } : source;
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zipOf(files) }, ...extra }),
  );
  return name;
}

export function decode(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? []).toString("utf8"));
}
