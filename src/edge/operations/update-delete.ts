/** UpdateDistribution (replaces the whole config) and DeleteDistribution, both behind If-Match. */
import { checkConfig, distributionView, newEtag, withDefaults, type DistributionConfig, type Json } from "../distribution.js";
import { aliasesOf } from "../aliases.js";
import { checkLambdaAssociations, edgePorts } from "../lambda-edge/associations.js";
import { checkCachePolicyIds } from "./cache-policies.js";
import { edgeErrors } from "../errors.js";
import { checkIfMatch, edgeOperation, loadDistribution, saveDistribution } from "../state.js";

export const updateDistribution = edgeOperation<{ Id: string; IfMatch?: string; DistributionConfig: DistributionConfig }, Json>({
  name: "UpdateDistribution",
  async handle(input, ctx, state) {
    checkIfMatch(input.IfMatch, loadDistribution(ctx, state, input.Id).etag);
    await checkLambdaAssociations(input.DistributionConfig, edgePorts(state));
    // Read again after the wait: If-Match is checked against the ETag current when the config is stored.
    const { meta, etag } = loadDistribution(ctx, state, input.Id);
    checkIfMatch(input.IfMatch, etag);
    checkConfig(input.DistributionConfig);
    checkCachePolicyIds(ctx, state, input.DistributionConfig);
    state.aliases.checkFree(aliasesOf({ ...meta, config: input.DistributionConfig }), meta.id);
    if (input.DistributionConfig.CallerReference !== meta.config.CallerReference) {
      throw edgeErrors.illegalUpdate("The CallerReference of a distribution cannot be updated.");
    }
    const updated = { ...meta, config: withDefaults(input.DistributionConfig), lastModified: ctx.clock.now() };
    const next = newEtag();
    saveDistribution(ctx, state, updated, next);
    // A new config reaches the edges with its own cache behaviour: start it cold.
    state.cache.dropDistribution(meta.id);
    return { Distribution: distributionView(updated, "InProgress"), ETag: next };
  },
});

export const deleteDistribution = edgeOperation<{ Id: string; IfMatch?: string }, Json>({
  name: "DeleteDistribution",
  handle(input, ctx, state) {
    const { meta, etag } = loadDistribution(ctx, state, input.Id);
    checkIfMatch(input.IfMatch, etag);
    if (meta.config.Enabled) throw edgeErrors.notDisabled();
    state.sql.deleteDistribution.run(meta.id);
    state.aliases.remove(meta.id);
    state.served.clear();
    state.sql.deleteInvalidations.run(meta.id);
    state.cache.dropDistribution(meta.id);
    return {};
  },
});
