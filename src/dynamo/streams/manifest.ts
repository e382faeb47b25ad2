import type { ServiceManifest } from "../../core/service.js";

/**
 * DynamoDB Streams (awsJson1_0, `DynamoDBStreams_20120810.*`, AWS's `streams.dynamodb` endpoint)
 * and the TTL sweeper: a service of its own beside DynamoDB, reading the records DynamoDB writes
 * to the durable event log. It has no tables; it loads on first use, for the StreamReader port, or
 * when a TTL sweep job is due.
 */
export const dynamoStreamsManifest: ServiceManifest = {
  name: "dynamodbstreams",
  tablePrefix: "ddbstreams_",
  apis: [{ id: "dynamodbstreams", protocol: "awsJson1_0", endpointName: "streams.dynamodb", targetPrefixes: ["DynamoDBStreams_20120810"] }],
  provides: ["StreamReader"],
  config: { dynamodbstreams: () => import("./config-schema.js").then((m) => m.streamsConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
