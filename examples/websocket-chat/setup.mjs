// The connections table; the WebSocket API itself comes from local-aws.json ("apis": {"chat": ...}).
import { ApiGatewayV2Client, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  await idempotent(
    new DynamoDBClient(config).send(
      new CreateTableCommand({ TableName: "chat-connections", KeySchema: [{ AttributeName: "connectionId", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "connectionId", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    ),
  );
  const api = (await new ApiGatewayV2Client(config).send(new GetApisCommand({}))).Items?.find((a) => a.Name === "chat");
  return { url: `${api.ApiEndpoint}/dev`, ownPort: "ws://localhost:3001" };
}

await runIfMain(import.meta.url, () => setup());
