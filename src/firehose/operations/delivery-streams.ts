/** Create/Describe/List/DeleteDeliveryStream, UpdateDestination. */
import { AwsError } from "../../core/errors.js";
import { deliveryStreamDescription } from "../describe.js";
import { FLUSH_JOB } from "../flush.js";
import { POLL_JOB, startAtLatest } from "../kinesis-source.js";
import { parameter, type DeliveryStreamMeta, type S3Destination } from "../model.js";
import { parseKeyQuery } from "../partitioning.js";
import { firehoseOperation, invalidArgument, loadDeliveryStream, saveDeliveryStream } from "../state.js";

type DestinationInput = Partial<S3Destination> & { BufferingHints?: { SizeInMBs?: number; IntervalInSeconds?: number } };

function destinationOf(input: DestinationInput, base?: S3Destination): S3Destination {
  const merged = { ...base, ...input } as DestinationInput;
  if (!merged.BucketARN) throw invalidArgument("BucketARN is required for an S3 destination.");
  const extraction = merged.ProcessingConfiguration?.Processors?.find((p) => p.Type === "MetadataExtraction");
  const query = extraction && parameter(extraction, "MetadataExtractionQuery");
  if (query !== undefined && !parseKeyQuery(query)) {
    throw invalidArgument(`local-aws evaluates a MetadataExtractionQuery of the form {name: .path, ...} only; got ${query}`);
  }
  return {
    ...(merged as S3Destination),
    BufferingHints: { SizeInMBs: merged.BufferingHints?.SizeInMBs ?? base?.BufferingHints.SizeInMBs ?? 5, IntervalInSeconds: merged.BufferingHints?.IntervalInSeconds ?? base?.BufferingHints.IntervalInSeconds ?? 300 },
    CompressionFormat: merged.CompressionFormat ?? "UNCOMPRESSED",
  };
}

interface CreateInput {
  DeliveryStreamName: string;
  DeliveryStreamType?: "DirectPut" | "KinesisStreamAsSource";
  KinesisStreamSourceConfiguration?: { KinesisStreamARN: string; RoleARN?: string };
  ExtendedS3DestinationConfiguration?: DestinationInput;
  S3DestinationConfiguration?: DestinationInput;
  Tags?: { Key: string; Value?: string }[];
  DeliveryStreamEncryptionConfigurationInput?: { KeyType?: string; KeyARN?: string };
}

export const createDeliveryStream = firehoseOperation<CreateInput, Record<string, unknown>>({
  name: "CreateDeliveryStream",
  async handle(input, ctx, state) {
    const type = input.DeliveryStreamType ?? "DirectPut";
    if (state.sql.stream.get(ctx.accountId, ctx.region, input.DeliveryStreamName)) {
      throw new AwsError("ResourceInUseException", `Firehose ${input.DeliveryStreamName} under accountId ${ctx.accountId} already exists`);
    }
    const s3 = input.ExtendedS3DestinationConfiguration ?? input.S3DestinationConfiguration;
    if (!s3) throw invalidArgument("local-aws delivers to S3 only: give ExtendedS3DestinationConfiguration or S3DestinationConfiguration.");
    if (type === "KinesisStreamAsSource" && !input.KinesisStreamSourceConfiguration) throw invalidArgument("KinesisStreamSourceConfiguration is required for a KinesisStreamAsSource delivery stream.");
    if (type === "DirectPut" && input.KinesisStreamSourceConfiguration) throw invalidArgument("KinesisStreamSourceConfiguration is only allowed for a KinesisStreamAsSource delivery stream.");
    const meta: DeliveryStreamMeta = {
      name: input.DeliveryStreamName,
      arn: `arn:aws:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${input.DeliveryStreamName}`,
      type,
      source: input.KinesisStreamSourceConfiguration,
      createdAt: ctx.clock.now(),
      version: 1,
      extended: input.ExtendedS3DestinationConfiguration !== undefined,
      destination: destinationOf(s3),
      tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value ?? ""])),
      encryption: input.DeliveryStreamEncryptionConfigurationInput,
    };
    saveDeliveryStream(ctx, state, meta);
    if (type === "KinesisStreamAsSource" && !(await startAtLatest(state, ctx, meta))) {
      state.sql.deleteStream.run(meta.arn);
      throw invalidArgument(`Stream ${meta.source!.KinesisStreamARN} does not exist or is not accessible.`);
    }
    return { DeliveryStreamARN: meta.arn };
  },
});

export const describeDeliveryStream = firehoseOperation<{ DeliveryStreamName: string }, Record<string, unknown>>({
  name: "DescribeDeliveryStream",
  handle(input, ctx, state) {
    return { DeliveryStreamDescription: deliveryStreamDescription(loadDeliveryStream(ctx, state, input.DeliveryStreamName)) };
  },
});

export const listDeliveryStreams = firehoseOperation<{ Limit?: number; DeliveryStreamType?: string; ExclusiveStartDeliveryStreamName?: string }, Record<string, unknown>>({
  name: "ListDeliveryStreams",
  handle(input, ctx, state) {
    const all = state.sql.streamsOf
      .all(ctx.accountId, ctx.region)
      .filter((r) => input.ExclusiveStartDeliveryStreamName === undefined || r.name > input.ExclusiveStartDeliveryStreamName)
      .filter((r) => input.DeliveryStreamType === undefined || (JSON.parse(r.meta) as DeliveryStreamMeta).type === input.DeliveryStreamType);
    const limit = input.Limit ?? 10;
    return { DeliveryStreamNames: all.slice(0, limit).map((r) => r.name), HasMoreDeliveryStreams: all.length > limit };
  },
});

export const deleteDeliveryStream = firehoseOperation<{ DeliveryStreamName: string }, Record<string, never>>({
  name: "DeleteDeliveryStream",
  handle(input, ctx, state) {
    const meta = loadDeliveryStream(ctx, state, input.DeliveryStreamName);
    ctx.store.txn(() => {
      state.sql.deleteStream.run(meta.arn);
      state.sql.clearBuffer.run(meta.arn);
      state.bufferedBytes.delete(meta.arn);
      state.sql.clearPositions.run(meta.arn);
      state.env.jobs.cancel(FLUSH_JOB, meta.arn);
      state.env.jobs.cancel(POLL_JOB, meta.arn);
    });
    return {};
  },
});

interface UpdateInput {
  DeliveryStreamName: string;
  CurrentDeliveryStreamVersionId: string;
  DestinationId: string;
  ExtendedS3DestinationUpdate?: DestinationInput;
  S3DestinationUpdate?: DestinationInput;
}

export const updateDestination = firehoseOperation<UpdateInput, Record<string, never>>({
  name: "UpdateDestination",
  handle(input, ctx, state) {
    const meta = loadDeliveryStream(ctx, state, input.DeliveryStreamName);
    if (input.CurrentDeliveryStreamVersionId !== String(meta.version)) {
      throw new AwsError("ConcurrentModificationException", `Version id ${input.CurrentDeliveryStreamVersionId} does not match the current version id ${meta.version} of the delivery stream ${meta.name}`);
    }
    if (input.DestinationId !== "destinationId-000000000001") throw invalidArgument(`Destination ${input.DestinationId} not found in delivery stream ${meta.name}.`);
    const update = input.ExtendedS3DestinationUpdate ?? input.S3DestinationUpdate ?? {};
    meta.destination = destinationOf(update, meta.destination);
    meta.extended ||= input.ExtendedS3DestinationUpdate !== undefined;
    meta.version++;
    saveDeliveryStream(ctx, state, meta);
    return {};
  },
});
