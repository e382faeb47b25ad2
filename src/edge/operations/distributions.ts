/** CreateDistribution, GetDistribution, GetDistributionConfig, ListDistributions. */
import { checkConfig, distributionSummary, distributionView, newDistributionId, newDomain, newEtag, withDefaults, type DistributionConfig, type DistributionMeta, type Json } from "../distribution.js";
import { aliasesOf } from "../aliases.js";
import { checkLambdaAssociations, edgePorts } from "../lambda-edge/associations.js";
import { checkCachePolicyIds } from "./cache-policies.js";
import { edgeErrors } from "../errors.js";
import type { RequestContext } from "../../core/context.js";
import { edgeOperation, fromRow, maxItemsOf, loadDistribution, saveDistribution, type EdgeState } from "../state.js";

interface ConfigInput {
  DistributionConfig: DistributionConfig;
}

function locationOf(id: string): string {
  return `https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}`;
}

/** Create and CreateWithTags: a new distribution, or the same one for the same request again. */
export async function createFrom(ctx: RequestContext, state: EdgeState, input: DistributionConfig, tags: Record<string, string>): Promise<Json> {
  checkConfig(input);
  checkCachePolicyIds(ctx, state, input);
  await checkLambdaAssociations(input, edgePorts(state));
  // Same caller reference, aliases: read after the wait.
  const config = withDefaults(input);
  const same = state.sql.byCallerRef.get(ctx.accountId, config.CallerReference);
  if (same) {
    // AWS answers the existing distribution when the same request is sent again.
    const existing = fromRow(same);
    if (JSON.stringify(existing.meta.config) !== JSON.stringify(config)) throw edgeErrors.alreadyExists(existing.meta.id);
    return { Distribution: distributionView(existing.meta, "Deployed"), Location: locationOf(existing.meta.id), ETag: existing.etag };
  }
  state.aliases.checkFree(aliasesOf({ config } as DistributionMeta), undefined);
  const id = newDistributionId();
  const meta: DistributionMeta = {
    id,
    arn: `arn:aws:cloudfront::${ctx.accountId}:distribution/${id}`,
    domain: newDomain(),
    lastModified: ctx.clock.now(),
    config,
    tags,
  };
  const etag = newEtag();
  saveDistribution(ctx, state, meta, etag);
  return { Distribution: distributionView(meta, "InProgress"), Location: locationOf(id), ETag: etag };
}

export const createDistribution = edgeOperation<ConfigInput, Json>({
  name: "CreateDistribution",
  handle: (input, ctx, state) => createFrom(ctx, state, input.DistributionConfig, {}),
});

export const getDistribution = edgeOperation<{ Id: string }, Json>({
  name: "GetDistribution",
  handle(input, ctx, state) {
    const { meta, etag } = loadDistribution(ctx, state, input.Id);
    return { Distribution: distributionView(meta, "Deployed"), ETag: etag };
  },
});

export const getDistributionConfig = edgeOperation<{ Id: string }, Json>({
  name: "GetDistributionConfig",
  handle(input, ctx, state) {
    const { meta, etag } = loadDistribution(ctx, state, input.Id);
    return { DistributionConfig: meta.config, ETag: etag };
  },
});

export const listDistributions = edgeOperation<{ Marker?: string; MaxItems?: string }, Json>({
  name: "ListDistributions",
  handle(input, ctx, state) {
    const max = maxItemsOf(input.MaxItems);
    const marker = input.Marker ?? "";
    const rows = state.sql.distributionsOf.all(ctx.accountId, marker, max + 1);
    const page = rows.slice(0, max).map((r) => fromRow(r).meta);
    const truncated = rows.length > max;
    return {
      DistributionList: {
        Marker: marker,
        ...(truncated && page.length > 0 ? { NextMarker: page[page.length - 1]!.id } : {}),
        MaxItems: max,
        IsTruncated: truncated,
        Quantity: page.length,
        ...(page.length > 0 ? { Items: page.map(distributionSummary) } : {}),
      },
    };
  },
});
