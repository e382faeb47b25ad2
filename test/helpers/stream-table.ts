import { CreateTableCommand, type DynamoDBClient, type StreamViewType } from "@aws-sdk/client-dynamodb";
import { uniqueName } from "./names.js";

/** A new on-demand table keyed by `pk` (a string) with a stream of the given view type. */
export async function tableWithStream(ddb: DynamoDBClient, view: StreamViewType, prefix = "tbl"): Promise<{ name: string; streamArn: string }> {
  const name = uniqueName(prefix);
  const { TableDescription } = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: view },
    }),
  );
  return { name, streamArn: TableDescription!.LatestStreamArn! };
}
