import type { DescribeTimeToLiveInput, DescribeTimeToLiveOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { controlTable } from "../tables.js";

export const describeTimeToLive = defineOperation<DescribeTimeToLiveInput, DescribeTimeToLiveOutput>({
  name: "DescribeTimeToLive",
  handle(input, ctx) {
    const table = controlTable(ctx, stateOf(ctx), input.TableName);
    if (!table.ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } };
    return { TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: table.ttl.AttributeName } };
  },
});
