import { lambdaOperation } from "../state.js";
import { parseArn } from "../../core/arn.js";
import { wireView, type MappingConfig } from "../event-source-mappings/model.js";
import { type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const listEventSourceMappings = lambdaOperation<MappingInput, { EventSourceMappings: MappingWire[]; NextMarker?: string }>({
  name: "ListEventSourceMappings",
  handle(input, ctx, rt) {
    const fnName = input.FunctionName ? rt.resolve(ctx, input.FunctionName).name : undefined;
    const max = Math.min(input.MaxItems ?? 100, 10000);
    const all = rt.stmts.listEsm
      .all(ctx.accountId, ctx.region, input.Marker ?? "")
      .map((r) => JSON.parse(r.config) as MappingConfig)
      .filter((c) => (!input.EventSourceArn || c.EventSourceArn === input.EventSourceArn) && (!fnName || parseArn(c.FunctionArn)?.resource.split(":")[1] === fnName));
    const page = all.slice(0, max);
    return { EventSourceMappings: page.map((c) => wireView(c)), ...(all.length > max ? { NextMarker: page[page.length - 1]!.UUID } : {}) };
  },
});
