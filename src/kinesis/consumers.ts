/**
 * Enhanced fan-out consumers: registered on a stream, CREATING for a few seconds of the clock and
 * then ACTIVE; DELETING for as long after DeregisterStreamConsumer, then gone (as AWS's are).
 */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import type { StreamMeta } from "./model.js";
import { invalidArgument, notFound, type KinesisState } from "./state.js";

export interface ConsumerMeta {
  name: string;
  arn: string;
  streamArn: string;
  streamName: string;
  createdAt: number;
  /** ACTIVE from this time on. */
  readyAt: number;
  /** Set by DeregisterStreamConsumer: DELETING until this time, then gone. */
  goneAt?: number;
}

export type ConsumerStatus = "CREATING" | "ACTIVE" | "DELETING";

/** At most this many consumers per stream, and this many CREATING at once (AWS's limits). */
export const MAX_CONSUMERS = 20;
export const MAX_CREATING = 5;

export function consumerStatus(c: ConsumerMeta, now: number): ConsumerStatus | undefined {
  if (c.goneAt !== undefined) return now < c.goneAt ? "DELETING" : undefined;
  return now < c.readyAt ? "CREATING" : "ACTIVE";
}

/** `arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<creation epoch seconds>`. */
export function consumerArn(streamArn: string, name: string, createdAt: number): string {
  return `${streamArn}/consumer/${name}:${Math.floor(createdAt / 1000)}`;
}

/** The stream ARN a consumer ARN belongs to, or undefined when `arn` names no consumer. */
export function streamArnOfConsumer(arn: string): string | undefined {
  const m = /^(arn:aws[\w-]*:kinesis:[^:]*:\d*:stream\/[^/]+)\/consumer\/[^/:]+:\d+$/.exec(arn);
  return m?.[1];
}

/** Consumers of a stream that still exist (deregistered ones past their DELETING time are dropped). */
export function consumersOf(state: KinesisState, streamArn: string, now: number): ConsumerMeta[] {
  const out: ConsumerMeta[] = [];
  for (const row of state.sql.consumersOf.all(streamArn)) {
    const c = JSON.parse(row.meta) as ConsumerMeta;
    if (consumerStatus(c, now) === undefined) dropConsumer(state, c.arn);
    else out.push(c);
  }
  return out;
}

function existing(state: KinesisState, row: { meta: string } | undefined, now: number): ConsumerMeta | undefined {
  if (!row) return undefined;
  const c = JSON.parse(row.meta) as ConsumerMeta;
  if (consumerStatus(c, now) !== undefined) return c;
  dropConsumer(state, c.arn);
  return undefined;
}

export function consumerByArn(state: KinesisState, arn: string, now: number): ConsumerMeta | undefined {
  return existing(state, state.sql.consumer.get(arn), now);
}

export function consumerByName(state: KinesisState, streamArn: string, name: string, now: number): ConsumerMeta | undefined {
  return existing(state, state.sql.consumerByName.get(streamArn, name), now);
}

export function saveConsumer(state: KinesisState, c: ConsumerMeta): void {
  state.sql.putConsumer.run(c.arn, c.streamArn, c.name, JSON.stringify(c));
  state.consumerCache.clear();
}

export function dropConsumer(state: KinesisState, arn: string): void {
  state.sql.deleteConsumer.run(arn);
  state.consumerCache.clear();
}

/** The ARNs of a stream's consumers that exist now (from memory after the first look). */
export function consumerArnsOf(state: KinesisState, streamArn: string, now: number): string[] {
  let list = state.consumerCache.get(streamArn);
  if (!list) state.consumerCache.set(streamArn, (list = consumersOf(state, streamArn, now).map((c) => ({ arn: c.arn, goneAt: c.goneAt }))));
  return list.filter((c) => c.goneAt === undefined || now < c.goneAt).map((c) => c.arn);
}

export function consumerNotFound(ctx: RequestContext, what: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Consumer ${what}, account ${ctx.accountId} not found.`);
}

/** The stream a request names by StreamARN (consumer operations take no StreamName). */
export function streamByArn(ctx: RequestContext, state: KinesisState, streamArn: string): StreamMeta {
  const row = state.sql.streamByArn.get(streamArn);
  if (!row) throw notFound(ctx, streamArn.slice(streamArn.indexOf("/") + 1));
  return JSON.parse(row.meta) as StreamMeta;
}

export interface ConsumerRef {
  StreamARN?: string;
  ConsumerName?: string;
  ConsumerARN?: string;
}

/** The consumer named by ConsumerARN, or by StreamARN and ConsumerName (AWS takes either form, not both). */
export function findConsumer(ctx: RequestContext, state: KinesisState, ref: ConsumerRef): ConsumerMeta {
  const now = ctx.clock.now();
  if (ref.ConsumerARN !== undefined) {
    if (ref.StreamARN !== undefined || ref.ConsumerName !== undefined) throw invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName should be provided, but not both.");
    const c = consumerByArn(state, ref.ConsumerARN, now);
    if (!c) throw consumerNotFound(ctx, ref.ConsumerARN);
    return c;
  }
  if (ref.StreamARN === undefined || ref.ConsumerName === undefined) throw invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName should be provided.");
  streamByArn(ctx, state, ref.StreamARN);
  const c = consumerByName(state, ref.StreamARN, ref.ConsumerName, now);
  if (!c) throw consumerNotFound(ctx, `${ref.ConsumerName} under stream ${ref.StreamARN.slice(ref.StreamARN.indexOf("/") + 1)}`);
  return c;
}

export function consumerDescription(c: ConsumerMeta, now: number): Record<string, unknown> {
  return { ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: consumerStatus(c, now) ?? "DELETING", ConsumerCreationTimestamp: new Date(c.createdAt), StreamARN: c.streamArn };
}

export function notActive(ctx: RequestContext, c: ConsumerMeta): AwsError {
  return new AwsError("ResourceInUseException", `Consumer ${c.name} with creation timestamp ${Math.floor(c.createdAt / 1000)} under stream: ${c.streamName} , account ${ctx.accountId} is not in ACTIVE status.`);
}
