import type { CreateFunctionRequest, FunctionConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";
import type { RequestContext } from "../../core/context.js";
import { lambdaErrors } from "../errors.js";
import { applyConfig, defaultConfig, validateConfigInput, type ConfigInput } from "../function-config.js";
import { saveVersion } from "../function-store.js";
import { resolveLayers } from "../layers.js";
import { isPlainName, parseFunctionRef } from "../names.js";
import { type Runtime } from "../runtime.js";
import { validateTags } from "../tagging.js";

type Input = Omit<CreateFunctionRequest, "Code"> & ConfigInput & { Code?: { ZipFile?: string; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string; ImageUri?: string } };

/** Reads the deployment package: base64 `ZipFile` or an object in S3 (through the ObjectReader port). */
export async function readPackage(rt: Runtime, ctx: RequestContext, code: Input["Code"], operation: string): Promise<Buffer> {
  if (code?.ImageUri) throw lambdaErrors.invalidParameter("local-aws runs Zip packages only; container images are not supported.");
  if (code?.ZipFile) return Buffer.from(code.ZipFile, "base64");
  if (code?.S3Bucket && code.S3Key) {
    const reader = await ctx.ports.get("ObjectReader").catch(() => undefined);
    if (!reader) throw lambdaErrors.invalidParameter(`Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist`);
    try {
      return await reader.getObject(ctx, code.S3Bucket, code.S3Key, code.S3ObjectVersion);
    } catch {
      throw lambdaErrors.invalidParameter(`Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.`);
    }
  }
  void rt;
  throw lambdaErrors.invalidParameter(operation === "CreateFunction" ? "Please provide a source for function code." : "Please do not provide other FunctionCode parameters when providing a ZipFile.");
}

export const createFunction = lambdaOperation<Input, FunctionConfiguration>({
  name: "CreateFunction",
  async handle(input, ctx, rt) {
    const ref = parseFunctionRef(input.FunctionName);
    if (ref.qualifier !== undefined || !isPlainName(ref.name)) {
      throw lambdaErrors.invalidParameter("Unsupported function name: names may contain letters, digits, hyphens and underscores, up to 64 characters.");
    }
    validateConfigInput(input, true);
    if (input.Tags) validateTags(input.Tags);
    const name = ref.name;
    if (rt.functionRow(ctx, name)) throw lambdaErrors.conflict(`Function already exist: ${name}`);
    const zip = await readPackage(rt, ctx, input.Code, "CreateFunction");
    const stored = rt.code.save(zip);
    const now = ctx.clock.now();
    const arn = rt.functionArn(ctx, name);
    const config = applyConfig(defaultConfig(name, arn, now), input);
    try {
      if (input.Layers?.length) config.Layers = resolveLayers(rt, ctx, input.Layers, stored.unzipped);
    } catch (err) {
      rt.code.release(stored.codeId, ctx.store.hasSnapshots());
      throw err;
    }
    config.CodeSha256 = stored.sha256;
    config.CodeSize = stored.size;
    const published = input.Publish === true;
    try {
      ctx.store.txn(() => {
        if (rt.functionRow(ctx, name)) throw lambdaErrors.conflict(`Function already exist: ${name}`);
        rt.stmts.insertFunction.run(ctx.accountId, ctx.region, name, JSON.stringify(input.Tags ?? {}), "api", now);
        saveVersion(rt, ctx, name, "$LATEST", config, stored.codeId, 0);
        if (published) {
          saveVersion(rt, ctx, name, "1", { ...config, Version: "1", FunctionArn: `${arn}:1` }, stored.codeId, 1);
          rt.stmts.bumpVersion.run(ctx.accountId, ctx.region, name);
        }
      });
    } catch (err) {
      rt.code.release(stored.codeId, ctx.store.hasSnapshots());
      throw err;
    }
    // Booted Node.js hosts only help Node.js functions.
    if ((config.Runtime ?? "nodejs20.x").startsWith("nodejs")) rt.spares.prime(config.MemorySize ?? 128);
    // AWS answers while the function is still being created; it is Active by the next read.
    return { ...config, ...(published ? { Version: "1", FunctionArn: `${arn}:1` } : {}), State: "Pending", StateReason: "The function is being created.", StateReasonCode: "Creating", LastUpdateStatus: undefined };
  },
});
