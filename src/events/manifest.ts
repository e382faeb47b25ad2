import type { ServiceManifest } from "../core/service.js";

/** EventBridge (awsJson1_1, `AWSEvents.*`) and EventBridge Scheduler (restJson1): one service, one clock of schedules, one outbox. */
export const eventsManifest: ServiceManifest = {
  name: "events",
  tablePrefix: "events_",
  apis: [
    { id: "events", protocol: "awsJson1_1", endpointName: "events", signingNames: ["events"], targetPrefixes: ["AWSEvents"] },
    { id: "scheduler", protocol: "restJson1", endpointName: "scheduler", signingNames: ["scheduler"], pathPrefixes: ["/schedules", "/schedule-groups"] },
  ],
  // AWS services' own events for the default bus (Step Functions' execution status changes).
  consumes: { "service-events": ["aws.ServiceEventEmitted"] },
  load: () => import("./index.js").then((m) => m.service),
};
