/**
 * Step Functions (awsJson1_0, `AWSStepFunctions.*`): state machines (STANDARD, EXPRESS, versions,
 * aliases, tags), the States Language in JSONPath and JSONata with every state type, executions
 * with AWS's history events, distributed Maps as Map Runs of child executions, callbacks,
 * activities, integrations, TestState, "Step Functions Execution Status Change" events to the
 * default event bus (through the durable event log), and SFN Local's mock configuration file.
 *
 * Gaps:
 * - Map Runs are not redriven (a redriven execution starts the Map state anew); ResultWriter
 *   writes AWS's SUCCEEDED_0/FAILED_0/manifest files (no WriterConfig transformations);
 *   listObjectsV2 items carry Etag/LastModified only when S3's port reports them; EXPRESS
 *   children of a Map Run in progress at a restart run again.
 * - After a restart a `.sync` child is awaited again by name (a nameless one starts anew).
 * - No X-Ray; Credentials (cross-account roles) are ignored. loggingConfiguration delivers each
 *   execution's events to CloudWatch Logs when it ends (AWS streams them as they happen).
 * - `aws-sdk:*` integrations reach local services that speak AWS JSON (DynamoDB, EventBridge,
 *   SQS, Step Functions, Logs, Kinesis, Firehose); `.sync` of other AWS services (Batch, ECS,
 *   Glue, ...) is not supported.
 * - Execution histories over 25,000 events fail the execution (as AWS); 256 KiB limits are checked
 *   on execution input and output, task results, SendTaskSuccess output and Assign, not on every state's data.
 *
 * By design:
 * - Every wait (Wait states, retry backoff, task timeouts, heartbeats, GetActivityTask's 60 s
 *   poll, execution timeouts) is on the emulator's clock: with the virtual clock a 30-day wait
 *   finishes when the test advances time. A STANDARD execution in a top-level Wait of a minute or
 *   more, or waiting at its top level for a callback, leaves memory until a durable job resumes it.
 * - A STANDARD execution saves where each Parallel branch and Map iteration stands: after
 *   `kill -9` it resumes exactly there (waits, callbacks and activity tasks in branches included).
 * - DeleteStateMachine deletes at once (AWS marks the machine DELETING until executions end).
 *
 * Client quirks:
 * - AWS's model gives StartSyncExecution and TestState the host prefix `sync-`: an SFNClient
 *   pointed at http://localhost:4566 would call `sync-localhost` (ENOTFOUND). Create it with
 *   `disableHostPrefix: true`. Requests for `sync-*` hosts are served like any other.
 */
import type { ServiceEnv } from "../core/service.js";
import { Engine } from "./engine/engine.js";
import { startExecution } from "./executions.js";
import { createIntegrations } from "./integrations/index.js";
import { operations } from "./operations/index.js";
import { sfnService } from "./state.js";
import { migrations } from "./store.js";

export const service = sfnService({
  name: "stepfunctions",
  migrations,
  apis: [
    {
      id: "states",
      protocol: "awsJson1_0",
      endpointName: "states",
      errorNamespace: "com.amazonaws.swf.service.model",
      // AWS's model checks types and constraints before any handler runs, as AWS orders it.
      model: { service: "stepfunctions" },
      maxBodyBytes: 2 * 1024 * 1024,
      operations,
    },
  ],
  createState: (env: ServiceEnv) => new Engine(env, createIntegrations(env)),
  start(env, engine) {
    env.ports.provide("ExecutionStarter", {
      async startExecution(scope, stateMachineArn, input, options = {}) {
        const started = startExecution(engine, env.settings, scope, { stateMachineArn, input, name: options.name, traceHeader: options.traceHeader }, "async");
        return { executionArn: started.arn, startDate: started.startDate };
      },
    });
    engine.resumeAll();
  },
  afterRestore(_env, engine) {
    engine.abandonAll();
    engine.resumeAll();
  },
  stop(_env, engine) {
    engine.abandonAll();
  },
});
