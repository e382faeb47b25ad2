// Creates the table and the hourly rule that targets the `hourly-report` function.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  const ddb = new DynamoDBClient(config);
  const events = new EventBridgeClient(config);
  await idempotent(
    ddb.send(new CreateTableCommand({ TableName: "report-runs", KeySchema: [{ AttributeName: "runId", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "runId", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" })),
  );
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: "hourly-report", ScheduleExpression: "rate(1 hour)" }));
  await events.send(new PutTargetsCommand({ Rule: "hourly-report", Targets: [{ Id: "report", Arn: `arn:aws:lambda:${config.region}:000000000000:function:hourly-report` }] }));
  return { RuleArn };
}

await runIfMain(import.meta.url, () => setup());
