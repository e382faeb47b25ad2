import { CreateEventSourceMappingCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { recorder } from "./recorder.js";

// The system clock: what users run. Time passes for real here, so waits are short and bounded.
const ctx = useServer({ virtualClock: false });
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sqs = (): SQSClient => ctx.client(SQSClient);

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!check() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

describe("behaviour", () => {
  it("delivers a delayed SQS message to the mapped function once it becomes visible", async () => {
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: uniqueName("delayed") }));
    const arn = (await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const fn = await recorder(lambda());
    await lambda().send(new CreateEventSourceMappingCommand({ FunctionName: fn.name, EventSourceArn: arn }));
    await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: "later", DelaySeconds: 1 }));
    await waitFor(() => fn.events().length > 0, 4000);
    expect(fn.events().map((e) => (e as { Records: { body: string }[] }).Records[0]!.body)).toEqual(["later"]);
  });

  it("runs an asynchronous invocation on the system clock", async () => {
    const fn = await recorder(lambda());
    const res = await lambda().send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"now":true}') }));
    expect(res.StatusCode).toBe(202);
    await waitFor(() => fn.events().length > 0, 3000);
    expect(fn.events()).toEqual([{ now: true }]);
  });
});
