/** DynamoDB Streams errors, with the namespace and messages AWS uses. */
import { AwsError } from "../../core/errors.js";

export const STREAMS_NAMESPACE = "com.amazonaws.dynamodb.v20120810";

export const streamsErrors = {
  validation: (message: string) => new AwsError("ValidationException", message),
  streamNotFound: (arn: string) => new AwsError("ResourceNotFoundException", `Requested resource not found: Stream: ${arn} not found`),
  shardNotFound: (shardId: string, arn: string) => new AwsError("ResourceNotFoundException", `Requested resource not found: Shard: ${shardId} in Stream: ${arn} not found`),
  trimmed: () => new AwsError("TrimmedDataAccessException", "The operation attempted to read past the oldest stream record in a shard."),
};
