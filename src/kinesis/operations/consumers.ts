/** RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer. */
import { AwsError } from "../../core/errors.js";
import {
  consumerArn,
  consumerByName,
  consumerDescription,
  consumersOf,
  consumerStatus,
  dropConsumer,
  findConsumer,
  MAX_CONSUMERS,
  MAX_CREATING,
  saveConsumer,
  streamByArn,
  type ConsumerMeta,
  type ConsumerRef,
} from "../consumers.js";
import { invalidArgument, kinesisOperation, requireActive } from "../state.js";

export const registerStreamConsumer = kinesisOperation<{ StreamARN: string; ConsumerName: string; Tags?: Record<string, string> }, Record<string, unknown>>({
  name: "RegisterStreamConsumer",
  handle(input, ctx, state) {
    const stream = streamByArn(ctx, state, input.StreamARN);
    requireActive(ctx, stream);
    const now = ctx.clock.now();
    if (consumerByName(state, stream.arn, input.ConsumerName, now)) {
      throw new AwsError("ResourceInUseException", `Consumer ${input.ConsumerName} under stream ${stream.name} already exists for account ${ctx.accountId}.`);
    }
    const all = consumersOf(state, stream.arn, now);
    if (all.length >= MAX_CONSUMERS) {
      throw new AwsError("LimitExceededException", `Stream ${stream.name} under account ${ctx.accountId} has reached the maximum number of consumers allowed (${MAX_CONSUMERS}).`);
    }
    if (all.filter((c) => consumerStatus(c, now) === "CREATING").length >= MAX_CREATING) {
      throw new AwsError("LimitExceededException", `Stream ${stream.name} under account ${ctx.accountId} has ${MAX_CREATING} consumers in CREATING state. Wait for them to become ACTIVE before registering more.`);
    }
    const consumer: ConsumerMeta = {
      name: input.ConsumerName,
      arn: consumerArn(stream.arn, input.ConsumerName, now),
      streamArn: stream.arn,
      streamName: stream.name,
      createdAt: now,
      readyAt: now + state.consumerDelayMs,
    };
    saveConsumer(state, consumer);
    const { StreamARN: _stream, ...out } = consumerDescription(consumer, now);
    return { Consumer: out };
  },
});

export const describeStreamConsumer = kinesisOperation<ConsumerRef, Record<string, unknown>>({
  name: "DescribeStreamConsumer",
  handle(input, ctx, state) {
    const consumer = findConsumer(ctx, state, input);
    return { ConsumerDescription: consumerDescription(consumer, ctx.clock.now()) };
  },
});

export const listStreamConsumers = kinesisOperation<{ StreamARN: string; NextToken?: string; MaxResults?: number; StreamCreationTimestamp?: unknown }, Record<string, unknown>>({
  name: "ListStreamConsumers",
  handle(input, ctx, state) {
    const stream = streamByArn(ctx, state, input.StreamARN);
    const now = ctx.clock.now();
    let after = "";
    if (input.NextToken !== undefined) {
      const decoded = Buffer.from(input.NextToken, "base64url").toString("utf8");
      if (!decoded.startsWith(`${stream.arn}\n`)) throw invalidArgument(`Invalid NextToken: ${input.NextToken}`);
      after = decoded.slice(stream.arn.length + 1);
    }
    const all = consumersOf(state, stream.arn, now).filter((c) => c.name > after);
    const limit = input.MaxResults ?? 100;
    const page = all.slice(0, limit);
    return {
      Consumers: page.map((c) => {
        const { StreamARN: _stream, ...summary } = consumerDescription(c, now);
        return summary;
      }),
      ...(all.length > limit ? { NextToken: Buffer.from(`${stream.arn}\n${page[page.length - 1]!.name}`).toString("base64url") } : {}),
    };
  },
});

export const deregisterStreamConsumer = kinesisOperation<ConsumerRef, Record<string, never>>({
  name: "DeregisterStreamConsumer",
  handle(input, ctx, state) {
    const consumer = findConsumer(ctx, state, input);
    const now = ctx.clock.now();
    if (consumer.goneAt === undefined) {
      consumer.goneAt = now + state.consumerDelayMs;
      if (consumer.goneAt <= now) dropConsumer(state, consumer.arn);
      else saveConsumer(state, consumer);
      state.subscriptions.endConsumer(consumer.arn);
    }
    return {};
  },
});
