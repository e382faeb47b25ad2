/** A delivery stream as stored. */
export interface ProcessorParameter {
  ParameterName: string;
  ParameterValue: string;
}

export interface Processor {
  Type: string;
  Parameters?: ProcessorParameter[];
}

export interface S3Destination {
  RoleARN?: string;
  BucketARN: string;
  Prefix?: string;
  ErrorOutputPrefix?: string;
  BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
  CompressionFormat: string;
  FileExtension?: string;
  CustomTimeZone?: string;
  ProcessingConfiguration?: { Enabled?: boolean; Processors?: Processor[] };
  EncryptionConfiguration?: unknown;
  CloudWatchLoggingOptions?: unknown;
  S3BackupMode?: string;
  DynamicPartitioningConfiguration?: { Enabled?: boolean; RetryOptions?: { DurationInSeconds?: number } };
}

export interface DeliveryStreamMeta {
  name: string;
  arn: string;
  type: "DirectPut" | "KinesisStreamAsSource";
  source?: { KinesisStreamARN: string; RoleARN?: string };
  createdAt: number;
  version: number;
  /** ExtendedS3DestinationConfiguration or the older S3DestinationConfiguration. */
  extended: boolean;
  destination: S3Destination;
  tags: Record<string, string>;
  encryption?: { KeyType?: string; KeyARN?: string };
}

export function parameter(p: Processor, name: string): string | undefined {
  return p.Parameters?.find((x) => x.ParameterName === name)?.ParameterValue;
}

export function bucketOf(d: S3Destination): string {
  return d.BucketARN.replace(/^arn:aws[^:]*:s3:::/, "");
}
