import { defineOperation } from "../../core/service.js";
import { parseLayerName, parseVersionNumber } from "../layers.js";
import { runtimeOf } from "../runtime.js";

/** Deleting a version that does not exist succeeds, as on AWS; functions using it keep a copy. */
export const deleteLayerVersion = defineOperation<{ LayerName: string; VersionNumber: string }, void>({
  name: "DeleteLayerVersion",
  http: { method: "DELETE", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}", status: 204 },
  handle(input, ctx) {
    const { name } = parseLayerName(ctx, input.LayerName);
    runtimeOf(ctx).stmts.deleteLayerVersion.run(ctx.accountId, ctx.region, name, parseVersionNumber(input.VersionNumber));
  },
});
