/**
 * CloudWatch Logs (awsJson1_1, `Logs_20140328.*`): log groups, streams, events, retention, tags,
 * and the filter pattern language; the LogSink port through which Lambda writes function logs.
 *
 * Gaps:
 * - Metric filters, subscription filters, Logs Insights queries (StartQuery), Live Tail, export
 *   tasks, data protection, deliveries, anomaly detection, account policies, KMS association.
 * - Cross-account observability (`accountIdentifiers`, `includeLinkedAccounts`) and `unmask`
 *   are accepted and ignored; `entity` on PutLogEvents is ignored.
 * - Filter patterns: `$.*`/`$.['key']` selectors and array wildcards in JSON patterns.
 * - A few InvalidParameterException messages are not documented by AWS and are our wording:
 *   logGroupName with logGroupIdentifier, neither of them, logStreamNames with
 *   logStreamNamePrefix, an invalid nextToken, a malformed filter pattern beyond the known cases.
 *
 * By design:
 * - Retention is enforced by an hourly sweep on the clock (AWS deletes up to 72 hours late), so
 *   with the virtual clock a test sees events expire by advancing time.
 * - FilterLogEvents examines at most 200,000 events per call; beyond that the page ends early
 *   with a nextToken (AWS also returns partial or empty pages with a token).
 * - storedBytes of a group is the UTF-8 size of its messages (AWS reports compressed bytes, and
 *   updates it late); log streams report 0, as AWS has since 2019.
 *
 * Client quirks:
 * - GetLogEvents never stops handing out a forward token (it returns the one it was given once
 *   there is nothing more), so the SDK's paginateGetLogEvents loops forever unless called with
 *   `stopOnSameToken: true` — exactly as against AWS. Without startFromHead the first page is the
 *   newest events, so such a paginator yields only that page (as on AWS).
 */
import type { ServiceEnv } from "../core/service.js";
import { operations } from "./operations/index.js";
import { createLogSink } from "./sink.js";
import { createLogsState, logsService } from "./state.js";
import { migrations } from "./store.js";
import { logsModel } from "./validate-model.js";

export const service = logsService({
  name: "logs",
  migrations,
  apis: [
    {
      id: "logs",
      protocol: "awsJson1_1",
      endpointName: "logs",
      model: logsModel,
      maxBodyBytes: 8 * 1024 * 1024,
      operations,
    },
  ],
  createState: (env: ServiceEnv) => createLogsState(env),
  start(env, state) {
    env.ports.provide("LogSink", createLogSink(state.ls, state.ids, env.clock, env.bus));
    state.sweeper.arm();
  },
  afterRestore(_env, state) {
    state.ids.clear();
    state.sweeper.arm();
  },
});
