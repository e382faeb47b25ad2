import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { getLayerVersionRow, layerView, parseLayerName, parseVersionNumber, type LayerView } from "../layers.js";

export const getLayerVersion = lambdaOperation<{ LayerName: string; VersionNumber: string }, LayerView>({
  name: "GetLayerVersion",
  handle(input, ctx, rt) {
    const { scope, name } = parseLayerName(ctx, input.LayerName);
    return layerView(ctx.endpoint, getLayerVersionRow(rt, scope, name, parseVersionNumber(input.VersionNumber)), true);
  },
});

const VERSION_ARN = /^(arn:[a-zA-Z0-9-]+:lambda:[a-z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+):([0-9]+)$/;

export const getLayerVersionByArn = lambdaOperation<{ Arn?: string }, LayerView>({
  name: "GetLayerVersionByArn",
  handle(input, ctx, rt) {
    const m = VERSION_ARN.exec(input.Arn ?? "");
    if (!m) {
      throw lambdaErrors.validation(
        `1 validation error detected: Value '${input.Arn ?? "null"}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+`,
      );
    }
    const { scope, name } = parseLayerName(ctx, m[1]!);
    return layerView(ctx.endpoint, getLayerVersionRow(rt, scope, name, Number(m[2])), true);
  },
});
