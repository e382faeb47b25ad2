import type { DescribeTimeToLiveInput, DescribeTimeToLiveOutput } from "@aws-sdk/client-dynamodb";
import { controlTable } from "../tables.js";
import { dynamoOperation } from "../state.js";

export const describeTimeToLive = dynamoOperation<DescribeTimeToLiveInput, DescribeTimeToLiveOutput>({
  name: "DescribeTimeToLive",
  handle(input, ctx, st) {
    const table = controlTable(ctx, st, input.TableName);
    if (!table.ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } };
    return { TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: table.ttl.AttributeName } };
  },
});
