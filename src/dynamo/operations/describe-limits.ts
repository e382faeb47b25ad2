import type { DescribeLimitsOutput } from "@aws-sdk/client-dynamodb";
import { dynamoOperation } from "../state.js";

/** DynamoDB's default account quotas for provisioned capacity. */
export const describeLimits = dynamoOperation<Record<string, never>, DescribeLimitsOutput>({
  name: "DescribeLimits",
  handle() {
    return { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 };
  },
});
