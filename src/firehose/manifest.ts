import type { ServiceManifest } from "../core/service.js";

export const firehoseManifest: ServiceManifest = {
  name: "firehose",
  tablePrefix: "firehose_",
  apis: [{ id: "firehose", protocol: "awsJson1_1", endpointName: "firehose", signingNames: ["firehose"], targetPrefixes: ["Firehose_20150804"] }],
  load: () => import("./index.js").then((m) => m.service),
};
