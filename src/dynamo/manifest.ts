import type { ServiceManifest } from "../core/service.js";

export const dynamoManifest: ServiceManifest = {
  name: "dynamodb",
  tablePrefix: "ddb_",
  apis: [
    {
      id: "dynamodb",
      protocol: "awsJson1_0",
      endpointName: "dynamodb",
      signingNames: ["dynamodb"],
      targetPrefixes: ["DynamoDB_20120810"],
    },
  ],
  config: { dynamodb: () => import("./config-schema.js").then((m) => m.dynamodbConfigSchema()) },
  authorization: () => import("./iam-authorization.js").then((m) => m.dynamoAuthorization),
  load: () => import("./index.js").then((m) => m.service),
};
