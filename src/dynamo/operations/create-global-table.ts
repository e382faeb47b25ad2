import type { CreateGlobalTableInput, CreateGlobalTableOutput } from "@aws-sdk/client-dynamodb";
import { createGlobalTable, globalTableDescription } from "../global-tables-2017.js";
import { validation } from "../errors.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const createGlobalTableOperation = dynamoOperation<CreateGlobalTableInput, CreateGlobalTableOutput>({
  name: "CreateGlobalTable",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.GlobalTableName, "globalTableName");
    c.required(input.ReplicationGroup, "replicationGroup");
    c.throwIfAny();
    const regions = (input.ReplicationGroup ?? []).map((r) => r.RegionName);
    if (regions.some((r) => typeof r !== "string" || r === "")) throw validation("One or more parameter values were invalid: RegionName must be specified for each replica");
    createGlobalTable(ctx, st, input.GlobalTableName!, [...new Set(regions as string[])]);
    return { GlobalTableDescription: globalTableDescription(ctx, st, input.GlobalTableName!) } as CreateGlobalTableOutput;
  },
});
