import type { ServiceManifest } from "../core/service.js";

export const kinesisManifest: ServiceManifest = {
  name: "kinesis",
  tablePrefix: "kinesis_",
  apis: [{ id: "kinesis", protocol: "awsJson1_1", endpointName: "kinesis", signingNames: ["kinesis"], targetPrefixes: ["Kinesis_20131202"] }],
  provides: ["KinesisReader"],
  config: { kinesis: () => import("./config-schema.js").then((m) => m.kinesisConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
