/** What GetFunction returns. */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";

export interface GetFunctionOutput {
  Configuration: FunctionConfiguration;
  Code: { RepositoryType: string; Location: string };
  Tags?: Record<string, string>;
  Concurrency?: { ReservedConcurrentExecutions: number };
}
