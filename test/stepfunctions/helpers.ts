import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from "@aws-sdk/client-sfn";
import type { ServerContext } from "../helpers/use-server.js";

export const ROLE = "arn:aws:iam::000000000000:role/sfn";

/** An SFN client for the test server; `disableHostPrefix` keeps StartSyncExecution/TestState off `sync-localhost`. */
export function sfnClient(ctx: ServerContext): SFNClient {
  return new SFNClient({ endpoint: ctx.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDLOCALAWSTEST", secretAccessKey: "x" }, maxAttempts: 1, disableHostPrefix: true });
}

export async function describe(sfn: SFNClient, executionArn: string) {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}
