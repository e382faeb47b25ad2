import type { ServiceManifest } from "../core/service.js";

export const logsManifest: ServiceManifest = {
  name: "logs",
  tablePrefix: "logs_",
  apis: [
    {
      id: "logs",
      protocol: "awsJson1_1",
      endpointName: "logs",
      signingNames: ["logs"],
      targetPrefixes: ["Logs_20140328"],
    },
  ],
  provides: ["LogSink"],
  load: () => import("./index.js").then((m) => m.service),
};
