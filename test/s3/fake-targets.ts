/**
 * Stand-ins for the Lambda and queue services' ports, only so that S3 can validate notification
 * targets in these tests (those services are tested on their own). Targets whose ARN contains
 * "missing" do not exist. Delivery is observed on the bus, not through these.
 */
import { defineService, type ServiceManifest } from "../../src/core/service.js";

const exists = (arn: string): Promise<boolean> => Promise.resolve(!arn.includes("missing"));

export const fakeTargetsManifest: ServiceManifest = {
  name: "fake-targets",
  tablePrefix: "fake_targets_",
  apis: [],
  provides: ["MessageSink", "FunctionInvoker"],
  load: () =>
    Promise.resolve(
      defineService({
        name: "fake-targets",
        apis: [],
        start(env) {
          env.ports.provide("MessageSink", {
            sendToQueue: () => Promise.reject(new Error("not used")),
            publishToTopic: () => Promise.reject(new Error("not used")),
            queueExists: exists,
            topicExists: exists,
          });
          env.ports.provide("FunctionInvoker", {
            invoke: () => Promise.reject(new Error("not used")),
            exists: (_scope, fn) => exists(fn),
          });
        },
      }),
    ),
};
