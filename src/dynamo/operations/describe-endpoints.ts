import type { DescribeEndpointsResponse } from "@aws-sdk/client-dynamodb";
import { dynamoOperation } from "../state.js";

/** Endpoint discovery answers with this server's own address, so discovering clients stay here. */
export const describeEndpoints = dynamoOperation<Record<string, never>, DescribeEndpointsResponse>({
  name: "DescribeEndpoints",
  handle(_input, ctx) {
    return { Endpoints: [{ Address: new URL(ctx.endpoint).host, CachePeriodInMinutes: 1440 }] };
  },
});
