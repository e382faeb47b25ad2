/** An event source mapping as the API returns it (EventSourceMappingConfiguration). */
export interface MappingConfig {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  /** Epoch milliseconds in the store; the API shows a timestamp. */
  LastModified: number;
  State: "Enabled" | "Disabled" | "Creating" | "Updating" | "Deleting" | "Enabling" | "Disabling";
  StateTransitionReason: string;
  FunctionResponseTypes?: string[];
  ScalingConfig?: { MaximumConcurrency?: number };
  FilterCriteria?: { Filters?: { Pattern?: string }[] };
  EventSourceMappingArn: string;
  /** Stream sources (DynamoDB and Kinesis). */
  StartingPosition?: "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";
  /** Kinesis AT_TIMESTAMP: epoch seconds in the store; the API shows a timestamp. */
  StartingPositionTimestamp?: number;
  ParallelizationFactor?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  TumblingWindowInSeconds?: number;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  /** Stream sources: the reader's position (stored with the mapping, never shown). */
  Position?: string;
}

export function wireView(c: MappingConfig, state?: MappingConfig["State"]): Record<string, unknown> {
  const { Position: _position, ...shown } = c;
  return {
    ...shown,
    LastModified: new Date(c.LastModified),
    State: state ?? c.State,
    ...(c.StartingPositionTimestamp !== undefined ? { StartingPositionTimestamp: new Date(c.StartingPositionTimestamp * 1000) } : {}),
  };
}
