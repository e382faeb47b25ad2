import { lambdaOperation } from "../state.js";
import { parseLayerName, parseVersionNumber } from "../layers.js";

/** Deleting a version that does not exist succeeds, as on AWS; functions using it keep a copy. */
export const deleteLayerVersion = lambdaOperation<{ LayerName: string; VersionNumber: string }, void>({
  name: "DeleteLayerVersion",
  handle(input, ctx, rt) {
    const { name } = parseLayerName(ctx, input.LayerName);
    rt.stmts.deleteLayerVersion.run(ctx.accountId, ctx.region, name, parseVersionNumber(input.VersionNumber));
  },
});
