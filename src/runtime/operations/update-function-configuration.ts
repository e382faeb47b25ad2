import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { applyConfig, lambdaTimestamp, validateConfigInput, type ConfigInput } from "../function-config.js";
import { saveVersion } from "../function-store.js";
import { resolveLayers } from "../layers.js";

type Input = ConfigInput & { FunctionName: string; RevisionId?: string };

export const updateFunctionConfiguration = lambdaOperation<Input, FunctionConfiguration>({
  name: "UpdateFunctionConfiguration",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    if (f.qualifier !== undefined) throw lambdaErrors.invalidParameter("Qualifier is not supported for UpdateFunctionConfiguration.");
    if (input.RevisionId && input.RevisionId !== f.config.RevisionId) {
      throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    validateConfigInput(input, false);
    const config = applyConfig(f.config, input);
    if (input.Layers !== undefined) {
      if (input.Layers.length > 0) config.Layers = resolveLayers(rt, ctx, input.Layers, rt.code.unzippedSize(f.codeId));
      else delete config.Layers;
    }
    config.LastModified = lambdaTimestamp(ctx.clock.now());
    config.LastUpdateStatus = "Successful";
    ctx.store.txn(() => saveVersion(rt, ctx, f.name, "$LATEST", config, f.codeId, 0));
    rt.discardEnvironments(ctx, f.name, "$LATEST");
    // Booted Node.js hosts only help Node.js functions.
    if ((config.Runtime ?? "nodejs20.x").startsWith("nodejs")) rt.spares.prime(config.MemorySize ?? 128);
    return { ...config, LastUpdateStatus: "InProgress" };
  },
});
