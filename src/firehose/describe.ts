import type { DeliveryStreamMeta } from "./model.js";

/** DescribeDeliveryStream's shape. */
export function deliveryStreamDescription(meta: DeliveryStreamMeta): Record<string, unknown> {
  const d = meta.destination;
  const s3 = {
    RoleARN: d.RoleARN,
    BucketARN: d.BucketARN,
    Prefix: d.Prefix,
    ErrorOutputPrefix: d.ErrorOutputPrefix,
    BufferingHints: d.BufferingHints,
    CompressionFormat: d.CompressionFormat,
    EncryptionConfiguration: d.EncryptionConfiguration ?? { NoEncryptionConfig: "NoEncryption" },
    CloudWatchLoggingOptions: d.CloudWatchLoggingOptions ?? { Enabled: false },
  };
  return {
    DeliveryStreamName: meta.name,
    DeliveryStreamARN: meta.arn,
    DeliveryStreamStatus: "ACTIVE",
    DeliveryStreamEncryptionConfiguration: meta.encryption ? { ...meta.encryption, Status: "ENABLED" } : { Status: "DISABLED" },
    DeliveryStreamType: meta.type,
    VersionId: String(meta.version),
    CreateTimestamp: new Date(meta.createdAt),
    ...(meta.source ? { Source: { KinesisStreamSourceDescription: { KinesisStreamARN: meta.source.KinesisStreamARN, RoleARN: meta.source.RoleARN, DeliveryStartTimestamp: new Date(meta.createdAt) } } } : {}),
    Destinations: [
      {
        DestinationId: "destinationId-000000000001",
        S3DestinationDescription: s3,
        ...(meta.extended
          ? {
              ExtendedS3DestinationDescription: {
                ...s3,
                ProcessingConfiguration: d.ProcessingConfiguration ?? { Enabled: false, Processors: [] },
                S3BackupMode: d.S3BackupMode ?? "Disabled",
                ...(d.FileExtension ? { FileExtension: d.FileExtension } : {}),
                ...(d.CustomTimeZone ? { CustomTimeZone: d.CustomTimeZone } : {}),
              },
            }
          : {}),
      },
    ],
    HasMoreDestinations: false,
  };
}
