import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { randomUUID } from "node:crypto";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { releaseUnreferencedCode, saveVersion } from "../function-store.js";
import { checkCombinedSize } from "../layers.js";
import { readPackage } from "./create-function.js";
import { publishVersion } from "./publish-version.js";

interface Input {
  FunctionName: string;
  ZipFile?: string;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
  Publish?: boolean;
  DryRun?: boolean;
  RevisionId?: string;
}

export const updateFunctionCode = lambdaOperation<Input, FunctionConfiguration>({
  name: "UpdateFunctionCode",
  async handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    if (f.qualifier !== undefined) throw lambdaErrors.invalidParameter("Qualifier is not supported for UpdateFunctionCode.");
    if (input.RevisionId && input.RevisionId !== f.config.RevisionId) {
      throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    const zip = await readPackage(rt, ctx, input, "UpdateFunctionCode");
    const stored = rt.code.save(zip);
    try {
      // The 250 MB unzipped limit counts the function's layers too.
      checkCombinedSize(rt, f.config.Layers, stored.unzipped);
    } catch (err) {
      rt.code.release(stored.codeId, ctx.store.hasSnapshots());
      throw err;
    }
    if (input.DryRun) {
      rt.code.release(stored.codeId, ctx.store.hasSnapshots());
      return { ...f.config, CodeSha256: stored.sha256, CodeSize: stored.size };
    }
    const config: FunctionConfiguration = {
      ...f.config,
      CodeSha256: stored.sha256,
      CodeSize: stored.size,
      RevisionId: randomUUID(),
      LastModified: lambdaTimestamp(ctx.clock.now()),
      LastUpdateStatus: "Successful",
    };
    ctx.store.txn(() => saveVersion(rt, ctx, f.name, "$LATEST", config, stored.codeId, 0));
    rt.discardEnvironments(ctx, f.name, "$LATEST");
    releaseUnreferencedCode(rt, [f.codeId]);
    if (input.Publish) return publishVersion.handle({ FunctionName: f.name } as never, ctx) as never;
    return { ...config, LastUpdateStatus: "InProgress" };
  },
});
