import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { layerView, newLayerView, parseLayerName, type LayerInput, type LayerView } from "../layers.js";
import { readPackage } from "./create-function.js";

type Input = LayerInput & { LayerName: string; Content?: { ZipFile?: string; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string } };

export const publishLayerVersion = lambdaOperation<Input, LayerView>({
  name: "PublishLayerVersion",
  async handle(input, ctx, rt) {
    const { scope, name } = parseLayerName(ctx, input.LayerName);
    if (scope.accountId !== ctx.accountId || scope.region !== ctx.region) throw lambdaErrors.invalidParameter("Layers can only be published in your own account and region.");
    if (!input.Content) throw lambdaErrors.validation("1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null");
    if (input.CompatibleRuntimes && input.CompatibleRuntimes.length > 15) {
      throw lambdaErrors.validation(`1 validation error detected: Value '[${input.CompatibleRuntimes.join(", ")}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15`);
    }
    const zip = await readPackage(rt, ctx, input.Content, "PublishLayerVersion");
    const stored = rt.code.save(zip);
    const now = ctx.clock.now();
    let view: LayerView | undefined;
    ctx.store.txn(() => {
      const version = rt.stmts.nextLayerVersion.get(ctx.accountId, ctx.region, name)!.next_version - 1;
      view = newLayerView(ctx, name, version, now, input, stored);
      rt.stmts.putLayerVersion.run(ctx.accountId, ctx.region, name, version, JSON.stringify(view), stored.codeId, stored.unzipped, crypto.randomUUID());
    });
    const row = rt.stmts.getLayerVersion.get(ctx.accountId, ctx.region, name, view!.Version)!;
    return layerView(ctx.endpoint, row, true);
  },
});
