import type { UpdateGlobalTableInput, UpdateGlobalTableOutput } from "@aws-sdk/client-dynamodb";
import { globalTableDescription, updateGlobalTable } from "../global-tables-2017.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const updateGlobalTableOperation = dynamoOperation<UpdateGlobalTableInput, UpdateGlobalTableOutput>({
  name: "UpdateGlobalTable",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.GlobalTableName, "globalTableName");
    c.required(input.ReplicaUpdates, "replicaUpdates");
    c.throwIfAny();
    updateGlobalTable(ctx, st, input.GlobalTableName!, input.ReplicaUpdates ?? []);
    return { GlobalTableDescription: globalTableDescription(ctx, st, input.GlobalTableName!) } as UpdateGlobalTableOutput;
  },
});
