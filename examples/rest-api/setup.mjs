// The items table and an HTTP API whose five routes go to the `items-api` function.
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  await idempotent(
    new DynamoDBClient(config).send(
      new CreateTableCommand({ TableName: "items", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    ),
  );
  const v2 = new ApiGatewayV2Client(config);
  const existing = (await v2.send(new GetApisCommand({}))).Items?.find((a) => a.Name === "items-api");
  if (existing) return { url: existing.ApiEndpoint };
  const api = await v2.send(new CreateApiCommand({ Name: "items-api", ProtocolType: "HTTP" }));
  const integration = await v2.send(
    new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: `arn:aws:lambda:${config.region}:000000000000:function:items-api`, PayloadFormatVersion: "2.0" }),
  );
  for (const RouteKey of ["POST /items", "GET /items", "GET /items/{id}", "PUT /items/{id}", "DELETE /items/{id}"]) {
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey, Target: `integrations/${integration.IntegrationId}` }));
  }
  await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
  return { url: api.ApiEndpoint };
}

await runIfMain(import.meta.url, () => setup());
