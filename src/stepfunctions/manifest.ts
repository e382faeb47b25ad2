import type { ServiceManifest } from "../core/service.js";

export const stepFunctionsManifest: ServiceManifest = {
  name: "stepfunctions",
  tablePrefix: "sfn_",
  apis: [{ id: "states", protocol: "awsJson1_0", endpointName: "states", signingNames: ["states"], targetPrefixes: ["AWSStepFunctions"] }],
  // Executions parked in waits and callbacks resume at start-up, so the service loads with stored state.
  provides: ["ExecutionStarter"],
  config: { stepfunctions: () => import("./config-schema.js").then((m) => m.stepFunctionsConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
