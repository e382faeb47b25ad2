import { lambdaOperation } from "../state.js";
import { type GetFunctionOutput } from "../function-views.js";

export const getFunction = lambdaOperation<{ FunctionName: string; Qualifier?: string }, GetFunctionOutput>({
  name: "GetFunction",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const tags = JSON.parse(f.row.tags) as Record<string, string>;
    const version = encodeURIComponent(f.version);
    return {
      Configuration: f.config,
      // A URL on this emulator that serves the deployment package (AWS gives a presigned S3 URL).
      Code: { RepositoryType: "S3", Location: `${ctx.endpoint}/_local/lambda/code/${ctx.accountId}/${ctx.region}/${f.name}/${version}` },
      ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}),
      ...(f.row.reserved !== null ? { Concurrency: { ReservedConcurrentExecutions: f.row.reserved } } : {}),
    };
  },
});
