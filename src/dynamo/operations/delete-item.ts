import type { DeleteItemInput, DeleteItemOutput } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors.js";
import { prepareDelete } from "../prepared.js";
import { output } from "../requests.js";
import { commitSingleWrite } from "../single-write.js";
import { dataTable } from "../tables.js";
import { dynamoOperation } from "../state.js";

export const deleteItem = dynamoOperation<DeleteItemInput, DeleteItemOutput>({
  name: "DeleteItem",
  handle(input, ctx, st) {
    // Members' types and constraints were checked from the model (validate-model.ts).
    const table = dataTable(ctx, st, input.TableName);
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw validation("ReturnValues can only be ALL_OLD or NONE");
    return output(commitSingleWrite(ctx, st, table, prepareDelete(ctx, st, input, table), input)) as DeleteItemOutput;
  },
});
