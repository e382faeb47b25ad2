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
}

export function wireView(c: MappingConfig, state?: MappingConfig["State"]): Record<string, unknown> {
  return { ...c, LastModified: new Date(c.LastModified), State: state ?? c.State };
}
