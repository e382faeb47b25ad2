// The dead-letter queue of `flaky-payment` (reserved concurrency 1, from local-aws.json).
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const { QueueUrl } = await new SQSClient(clientConfig(endpoint)).send(new CreateQueueCommand({ QueueName: "payments-dlq" }));
  return { dlq: QueueUrl };
}

await runIfMain(import.meta.url, () => setup());
