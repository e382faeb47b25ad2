import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { newUrlConfig, newUrlId, notFound, urlView, validateUrlInput, type UrlConfig, type UrlInput } from "../function-urls.js";

type Output = Omit<UrlConfig, "LastModifiedTime">;

export const createFunctionUrlConfig = lambdaOperation<UrlInput, Output>({
  name: "CreateFunctionUrlConfig",
  handle(input, ctx, rt) {
    validateUrlInput(input, true);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const qualifier = f.qualifier ?? "$LATEST";
    const arn = f.qualifier ? f.invokedArn : f.unqualifiedArn;
    if (rt.stmts.getUrl.get(ctx.accountId, ctx.region, f.name, qualifier)) {
      throw lambdaErrors.conflict(`Failed to create function url config for [functionArn = ${arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
    }
    const urlId = newUrlId();
    const config = newUrlConfig(ctx, ctx.endpoint, urlId, arn, input, ctx.clock.now());
    rt.stmts.putUrl.run(urlId, ctx.accountId, ctx.region, f.name, qualifier, JSON.stringify(config));
    const { LastModifiedTime: _modified, ...out } = config;
    return out;
  },
});

export const updateFunctionUrlConfig = lambdaOperation<UrlInput, UrlConfig>({
  name: "UpdateFunctionUrlConfig",
  handle(input, ctx, rt) {
    validateUrlInput(input, false);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const row = rt.stmts.getUrl.get(ctx.accountId, ctx.region, f.name, f.qualifier ?? "$LATEST");
    if (!row) throw notFound();
    const config = urlView(row);
    if (input.AuthType !== undefined) config.AuthType = input.AuthType;
    if (input.InvokeMode !== undefined) config.InvokeMode = input.InvokeMode;
    if (input.Cors !== undefined) {
      if (Object.keys(input.Cors).length > 0) config.Cors = input.Cors;
      else delete config.Cors;
    }
    config.LastModifiedTime = lambdaTimestamp(ctx.clock.now());
    rt.stmts.putUrl.run(row.url_id, row.account, row.region, row.name, row.qualifier, JSON.stringify(config));
    return config;
  },
});
