/**
 * Step Functions (awsJson1_0, `AWSStepFunctions.*`): state machines (STANDARD, EXPRESS, versions,
 * aliases, tags), the States Language in JSONPath and JSONata with every state type, executions
 * with AWS's history events, callbacks, activities, integrations, TestState, and SFN Local's mock
 * configuration file.
 *
 * Gaps:
 * - Distributed Map runs inline: no child executions or Map Runs (ListMapRuns is empty);
 *   ItemReader reads `s3:getObject` (JSON, JSONL, CSV) but not `s3:listObjectsV2`; ResultWriter
 *   writes AWS's SUCCEEDED_0/FAILED_0/manifest files (no WriterConfig transformations).
 * - After a restart, an execution resumes at its top-level state: a Wait or a callback/activity
 *   task there keeps its due time or token; a Parallel or Map state in progress runs again from
 *   its start; a `.sync` child is awaited again by name (a nameless one starts anew).
 * - The ExecutionStarter port (core/ports.ts) starts executions for EventBridge/Scheduler targets
 *   and API Gateway integrations once those services call it.
 * - No `Step Functions Execution Status Change` events to EventBridge, no X-Ray; Credentials
 *   (cross-account roles) are ignored. loggingConfiguration delivers each execution's events
 *   to CloudWatch Logs when it ends (AWS streams them as they happen).
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
