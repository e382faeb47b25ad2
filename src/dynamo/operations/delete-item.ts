import type { DeleteItemInput, DeleteItemOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { validation } from "../errors.js";
import { prepareDelete } from "../prepared.js";
import { checkCommon, output } from "../requests.js";
import { commitSingleWrite } from "../single-write.js";
import { stateOf } from "../state.js";
import { dataTable } from "../tables.js";
import { Constraints } from "../validation.js";

export const deleteItem = defineOperation<DeleteItemInput, DeleteItemOutput>({
  name: "DeleteItem",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const c = new Constraints();
    c.tableName(input.TableName);
    c.required(input.Key, "key");
    c.oneOf(input.ReturnValues, "returnValues", ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]);
    checkCommon(c, input);
    c.throwIfAny();
    const table = dataTable(ctx, st, input.TableName);
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw validation("ReturnValues can only be ALL_OLD or NONE");
    return output(commitSingleWrite(ctx, st, table, prepareDelete(ctx, st, input, table), input)) as DeleteItemOutput;
  },
});
