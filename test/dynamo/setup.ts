import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { uniqueName, type ServerContext } from "../helpers/index.js";

/** A PAY_PER_REQUEST table with `pk` (S) and optionally `sk` (type given), plus any extra input. */
export async function createTable(
  ctx: ServerContext,
  options: { sk?: "S" | "N" | "B"; pkType?: "S" | "N" | "B"; extra?: Partial<CreateTableCommandInput>; defs?: { AttributeName: string; AttributeType: "S" | "N" | "B" }[] } = {},
): Promise<string> {
  const TableName = uniqueName("tbl");
  const ddb = ctx.client(DynamoDBClient);
  await ddb.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, ...(options.sk ? [{ AttributeName: "sk", KeyType: "RANGE" as const }] : [])],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: options.pkType ?? "S" },
        ...(options.sk ? [{ AttributeName: "sk", AttributeType: options.sk }] : []),
        ...(options.defs ?? []),
      ],
      ...options.extra,
    }),
  );
  return TableName;
}
