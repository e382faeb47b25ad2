/**
 * SQS (AWS JSON 1.0 and Query) and SNS (Query), with dead-letter redrive, long polling on the
 * clock, FIFO queues and topics, and the ports the Lambda runtime and S3 use.
 *
 * ## Gaps
 * - ReceiveRequestAttemptId is accepted and ignored (no receive deduplication for FIFO retries).
 * - Queue and topic policies (AddPermission/RemovePermission edit the Policy attribute) and KMS
 *   encryption are stored or refused but never enforced; FifoThroughputLimit/high-throughput mode
 *   are accepted only.
 * - SNS: mobile push (application), Firehose and SMS sending; email and SMS are only recorded
 *   (GET /_local/sns/messages). Delivery policies other than the default HTTP retry policy are
 *   stored but not applied. Data protection policies and message archiving are not implemented.
 *
 * ## By design
 * - SNS signatures cannot be verified with AWS's certificate (we do not have its key);
 *   `Signature` is an opaque digest and `SigningCertURL` points at a local name.
 * - SNS → SQS deliveries are committed before Publish answers (AWS delivers asynchronously), so
 *   nothing acknowledged can be lost and tests need no waiting; Lambda and HTTP deliveries run
 *   in the background (tracked by settle).
 * - Messages moved to a dead-letter queue keep their receive count and SentTimestamp (retention
 *   counts from the original enqueue, as AWS documents for standard queues).
 * - Retention is enforced when a queue is read (receive, GetQueueAttributes), not by a sweeper.
 *
 * ## Client quirks
 * - SDK v3 speaks AWS JSON with `x-amzn-query-mode: true` and reads the legacy error code from
 *   `x-amzn-query-error`; the AWS CLI and older SDKs speak Query with form bodies.
 * - SDK v3 sends requests to the QueueUrl's host (`useQueueUrlAsEndpoint`), so queue URLs are
 *   built on the host the client used.
 */
import type { HttpRequest, HttpResponse, OperationDef } from "../core/service.js";
import { outputValue } from "./sqs/json-output.js";
import { resumeMoveTasks } from "./sqs/move-tasks.js";
import { queueForArn } from "./sqs/queues.js";
import { sendMessages } from "./sqs/send.js";
import { validateMessage } from "./sqs/validate-message.js";
import { sqsOperations, snsOperations } from "./operations/index.js";
import { messageSink, queueConsumer } from "./ports.js";
import { HTTP_DELIVERY_JOB, httpAttempt } from "./sns/deliver.js";
import { publishToTopic } from "./sns/publish.js";
import { createState, queueService, type QueueState } from "./state.js";
import { migrations } from "./store.js";

/**
 * The SQS operations as the Query API serves them: an answer the JSON API gets pre-rendered as
 * text (ReceiveMessage, SendMessageBatch) is handed to the Query encoder as its object.
 */
const sqsQueryOperations = sqsOperations.map((op): OperationDef<never, never> => ({
  ...op,
  handle(input, ctx, state) {
    const out = op.handle(input, ctx, state);
    return out instanceof Promise ? out.then(outputValue) : outputValue(out);
  },
}));

const SQS_XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";
const SNS_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

function outbox(req: HttpRequest, state: QueueState): HttpResponse | undefined {
  if (req.method !== "GET") return undefined;
  const account = req.query.get("account") ?? state.env.settings.accountId;
  const region = req.query.get("region") ?? state.env.settings.region;
  const messages = state.sql.outbox.all(account, region).map((r) => ({
    protocol: r.protocol,
    endpoint: r.endpoint,
    subscriptionArn: r.subscription_arn ?? undefined,
    topicArn: r.topic_arn ?? undefined,
    timestamp: new Date(r.at).toISOString(),
    ...(JSON.parse(r.payload) as Record<string, unknown>),
  }));
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ messages }) };
}

export const service = queueService({
  name: "queue",
  createState: (env) => createState(env),
  migrations,
  apis: [
    {
      id: "sqs-json",
      protocol: "awsJson1_0",
      endpointName: "sqs",
      errorNamespace: "com.amazonaws.sqs",
      queryCompatible: true,
      operations: sqsOperations,
    },
    // Query names, lists, maps and result wrappers from SQS's last Query model (botocore 1.29.27,
    // models/sqs-query.json.gz); SQS answers bad input in its own words (InvalidParameterValue
    // naming the parameter), so the handlers keep the checks and check numbers themselves.
    {
      id: "sqs-query",
      protocol: "awsQuery",
      endpointName: "sqs",
      xmlNamespace: SQS_XMLNS,
      model: { service: "sqs-query", validate: false, overrides: { opaque: ["Integer", "NullableInteger"] } },
      operations: sqsQueryOperations,
      paramsFromPath: (path, endpoint) => (/^\/\d{12}\/[\w.-]+\/?$/.test(path) ? { QueueUrl: `${endpoint}${path.replace(/\/$/, "")}` } : undefined),
    },
    // Wire shapes from AWS's model (query lists, maps, result wrappers); SNS answers its own
    // codes and texts for bad input (InvalidParameter...), so the handlers keep the checks.
    { id: "sns", protocol: "awsQuery", endpointName: "sns", xmlNamespace: SNS_XMLNS, model: { service: "sns", validate: false }, operations: snsOperations },
  ],
  start(env, state) {
    env.ports.provide("QueueConsumer", queueConsumer(state));
    env.ports.provide("MessageSink", messageSink(state));
    env.jobs.handle<Parameters<typeof httpAttempt>[1]>(HTTP_DELIVERY_JOB, (delivery) => httpAttempt(state, delivery));
    env.eventLog.consume({ name: "s3-notifications", kinds: ["s3.NotificationMatched"], handle: ({ payload: event }) => {
      const body = JSON.stringify(event.message);
      if (event.targetType === "sqs") {
        const queue = queueForArn(state, event.targetArn);
        if (!queue) return env.log.warn({ target: event.targetArn }, "S3 notification target queue does not exist");
        const { message } = validateMessage(queue, { MessageBody: body, MessageGroupId: queue.fifo ? event.bucket : undefined });
        sendMessages(state, queue, [message], "AIDAJDPLRKLG7UEXAMPLE");
      } else if (event.targetType === "sns") {
        publishToTopic(state, event.targetArn, { body, subject: "Amazon S3 Notification" });
      }
    } });
    resumeMoveTasks(state);
  },
  afterRestore(_env, state) {
    state.queues.clear();
    state.lastSweep.clear();
    state.oldestSent.clear();
    for (const wake of [...state.waiters.values()].flatMap((s) => [...s])) wake();
    state.waiters.clear();
    resumeMoveTasks(state);
  },
  async handleHttp(req, _ctx, state) {
    return outbox(req, state);
  },
});
