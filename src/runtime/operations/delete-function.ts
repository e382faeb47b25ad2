import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { releaseUnreferencedCode } from "../function-store.js";

export const deleteFunction = lambdaOperation<{ FunctionName: string; Qualifier?: string }, { StatusCode: number }>({
  name: "DeleteFunction",
  // The model binds StatusCode to the response status: AWS answers 204.
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const scope = { accountId: ctx.accountId, region: ctx.region };
    if (f.qualifier !== undefined && f.qualifier !== "$LATEST") {
      if (!/^[0-9]+$/.test(f.qualifier)) throw lambdaErrors.invalidParameter("Deletion of aliases is not supported.");
      const aliases = rt.stmts.listAliases.all(ctx.accountId, ctx.region, f.name, "", 10000);
      const using = aliases.filter((a) => (JSON.parse(a.config) as { FunctionVersion: string }).FunctionVersion === f.version);
      if (using.length > 0) {
        throw lambdaErrors.conflict(`Unable to delete version because the following aliases reference it: [${using.map((a) => a.alias).join(", ")}]`);
      }
      ctx.store.txn(() => {
        rt.stmts.deleteVersion.run(ctx.accountId, ctx.region, f.name, f.version);
        rt.stmts.deleteProvisioned.run(ctx.accountId, ctx.region, f.name, f.version);
        rt.stmts.deleteInvokeConfig.run(ctx.accountId, ctx.region, f.name, f.version);
      });
      rt.discardEnvironments(scope, f.name, f.version);
      releaseUnreferencedCode(rt, [f.codeId]);
      return { StatusCode: 204 };
    }
    const codeIds = rt.stmts.versionsOf.all(ctx.accountId, ctx.region, f.name, -1, 1_000_000).map((v) => v.code_id);
    ctx.store.txn(() => {
      rt.stmts.deleteFunction.run(ctx.accountId, ctx.region, f.name);
      rt.stmts.deleteVersions.run(ctx.accountId, ctx.region, f.name);
      rt.stmts.deleteAliases.run(ctx.accountId, ctx.region, f.name);
      rt.stmts.deleteAllProvisioned.run(ctx.accountId, ctx.region, f.name);
      rt.stmts.deleteInvokeConfigs.run(ctx.accountId, ctx.region, f.name);
      rt.stmts.deleteUrls.run(ctx.accountId, ctx.region, f.name);
    });
    rt.discardEnvironments(scope, f.name);
    rt.metrics.forget(f.unqualifiedArn);
    releaseUnreferencedCode(rt, codeIds);
    return { StatusCode: 204 };
  },
});
