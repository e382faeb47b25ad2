/** CloudFront Functions: Create, Describe, Get, List, Update, Publish, Delete (If-Match where AWS needs it). */
import type { Json } from "../distribution.js";
import { newEtag } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { checkIfMatch, edgeOperation, fromRow, maxItemsOf } from "../state.js";
import { MAX_CODE_BYTES, codeOf, loadFunction, saveFunction, summaryOf, type FunctionMeta } from "./model.js";
import { runtimeOf } from "./sandbox.js";
import type { EdgeState } from "../state.js";
import { functionArnsOf } from "./associations.js";

async function checkCode(state: EdgeState, code: Buffer, config: Json): Promise<void> {
  if (code.length > MAX_CODE_BYTES) throw edgeErrors.functionTooLarge();
  const error = await state.sandbox.compileError(code.toString("utf8"), runtimeOf(config));
  // Our wording: AWS's text for unparsable code is not documented.
  if (error !== undefined) throw edgeErrors.invalidArgument(`The function code is not valid: ${error}`);
}

interface CreateInput {
  Name: string;
  FunctionConfig: Json;
  FunctionCode: unknown;
}

export const createFunction = edgeOperation<CreateInput, Json>({
  name: "CreateFunction",
  async handle(input, ctx, state) {
    const code = codeOf(input.FunctionCode);
    if (state.sql.function.get(ctx.accountId, input.Name, "DEVELOPMENT")) throw edgeErrors.functionExists();
    await checkCode(state, code, input.FunctionConfig);
    if (state.sql.function.get(ctx.accountId, input.Name, "DEVELOPMENT")) throw edgeErrors.functionExists();
    const now = ctx.clock.now();
    const meta: FunctionMeta = { name: input.Name, arn: `arn:aws:cloudfront::${ctx.accountId}:function/${input.Name}`, status: "UNPUBLISHED", config: input.FunctionConfig, created: now, modified: now };
    const etag = newEtag();
    saveFunction(ctx, state, "DEVELOPMENT", { meta, etag, code });
    return { FunctionSummary: summaryOf(meta, "DEVELOPMENT"), Location: `https://cloudfront.amazonaws.com/2020-05-31/function/${meta.arn}`, ETag: etag };
  },
});

export const describeFunction = edgeOperation<{ Name: string; Stage?: string }, Json>({
  name: "DescribeFunction",
  handle(input, ctx, state) {
    const stage = input.Stage ?? "DEVELOPMENT";
    const fn = loadFunction(ctx, state, input.Name, stage);
    return { FunctionSummary: summaryOf(fn.meta, stage), ETag: fn.etag };
  },
});

export const getFunction = edgeOperation<{ Name: string; Stage?: string }, Json>({
  name: "GetFunction",
  handle(input, ctx, state) {
    const fn = loadFunction(ctx, state, input.Name, input.Stage ?? "DEVELOPMENT");
    return { FunctionCode: fn.code, ETag: fn.etag, ContentType: "application/octet-stream" };
  },
});

export const listFunctions = edgeOperation<{ Marker?: string; MaxItems?: string; Stage?: string }, Json>({
  name: "ListFunctions",
  handle(input, ctx, state) {
    const max = maxItemsOf(input.MaxItems);
    const stage = input.Stage ?? "DEVELOPMENT";
    const rows = state.sql.functionsOf.all(ctx.accountId, stage, input.Marker ?? "", max + 1);
    const page = rows.slice(0, max).map((r) => JSON.parse(r.meta) as FunctionMeta);
    return {
      FunctionList: {
        ...(rows.length > max && page.length > 0 ? { NextMarker: page[page.length - 1]!.name } : {}),
        MaxItems: max,
        Quantity: page.length,
        ...(page.length > 0 ? { Items: page.map((m) => summaryOf(m, stage)) } : {}),
      },
    };
  },
});

export const updateFunction = edgeOperation<CreateInput & { IfMatch?: string }, Json>({
  name: "UpdateFunction",
  async handle(input, ctx, state) {
    checkIfMatch(input.IfMatch, loadFunction(ctx, state, input.Name).etag);
    const code = codeOf(input.FunctionCode);
    await checkCode(state, code, input.FunctionConfig);
    // Read again after the wait: If-Match holds against the ETag current when the code is stored.
    const fn = loadFunction(ctx, state, input.Name);
    checkIfMatch(input.IfMatch, fn.etag);
    const meta = { ...fn.meta, config: input.FunctionConfig, modified: ctx.clock.now() };
    const etag = newEtag();
    saveFunction(ctx, state, "DEVELOPMENT", { meta, etag, code });
    return { FunctionSummary: summaryOf(meta, "DEVELOPMENT"), ETag: etag };
  },
});

export const publishFunction = edgeOperation<{ Name: string; IfMatch?: string }, Json>({
  name: "PublishFunction",
  handle(input, ctx, state) {
    const fn = loadFunction(ctx, state, input.Name);
    checkIfMatch(input.IfMatch, fn.etag);
    const meta = { ...fn.meta, status: "UNASSOCIATED", modified: ctx.clock.now() };
    saveFunction(ctx, state, "DEVELOPMENT", { ...fn, meta });
    saveFunction(ctx, state, "LIVE", { meta, etag: newEtag(), code: fn.code });
    return { FunctionSummary: summaryOf(meta, "LIVE") };
  },
});

export const deleteFunction = edgeOperation<{ Name: string; IfMatch?: string }, Json>({
  name: "DeleteFunction",
  handle(input, ctx, state) {
    const fn = loadFunction(ctx, state, input.Name);
    checkIfMatch(input.IfMatch, fn.etag);
    for (const row of state.sql.distributionsOf.all(ctx.accountId, "", 1_000_000)) {
      if (functionArnsOf(fromRow(row).meta).includes(fn.meta.arn)) throw edgeErrors.functionInUse();
    }
    state.sql.deleteFunction.run(ctx.accountId, input.Name);
    state.forgetServed();
    return {};
  },
});
