/** What the provisioned concurrency operations return. */


export interface ProvisionedConcurrencyOutput {
  RequestedProvisionedConcurrentExecutions?: number;
  AvailableProvisionedConcurrentExecutions?: number;
  AllocatedProvisionedConcurrentExecutions?: number;
  Status?: string;
  StatusReason?: string;
  LastModified?: string;
}
