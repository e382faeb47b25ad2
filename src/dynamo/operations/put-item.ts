import type { PutItemInput, PutItemOutput } from "@aws-sdk/client-dynamodb";
import { JsonText } from "../../core/protocols/index.js";
import { validation } from "../errors.js";
import { preparePut } from "../prepared.js";
import { output } from "../requests.js";
import { commitSingleWrite } from "../single-write.js";
import { dataTable } from "../tables.js";
import { dynamoOperation } from "../state.js";

const EMPTY = new JsonText("{}");

export const putItem = dynamoOperation<PutItemInput, PutItemOutput>({
  name: "PutItem",
  handle(input, ctx, st) {
    // Members' types and constraints were checked from the model (validate-model.ts).
    const table = dataTable(ctx, st, input.TableName);
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw validation("ReturnValues can only be ALL_OLD or NONE");
    const { Attributes, ConsumedCapacity, ItemCollectionMetrics } = commitSingleWrite(ctx, st, table, preparePut(ctx, st, input, table, ctx.bodyText), input);
    // The usual answer is empty: sent as ready JSON text, it skips building and encoding an object.
    if (!Attributes && !ConsumedCapacity && !ItemCollectionMetrics) return EMPTY as PutItemOutput;
    return output({ Attributes, ConsumedCapacity, ItemCollectionMetrics }) as PutItemOutput;
  },
});
