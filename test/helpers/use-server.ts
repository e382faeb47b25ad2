import { afterAll, beforeAll } from "vitest";
import { startLocalAws, type LocalAws, type StartOptions } from "../../src/index.js";

export const testCredentials = { accessKeyId: "AKIDLOCALAWSTEST", secretAccessKey: "local-aws-secret" };

interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: typeof testCredentials;
  forcePathStyle?: boolean;
  maxAttempts?: number;
}

export interface ServerContext {
  /** The running instance (set in beforeAll). */
  aws: LocalAws;
  endpoint: string;
  /** An SDK v3 client pointed at the server (fake static credentials, us-east-1, path-style S3). */
  client<T>(Ctor: new (config: ClientConfig) => T, overrides?: Partial<ClientConfig>): T;
  clock: LocalAws["clock"];
}

/** One server per spec file, on port 0, in memory, with a virtual clock; closed after the file. */
export function useServer(options: StartOptions = {}): ServerContext {
  let aws: LocalAws | undefined;
  const ctx = {
    get aws(): LocalAws {
      if (!aws) throw new Error("server not started yet (use ctx inside tests or hooks)");
      return aws;
    },
    get endpoint(): string {
      return ctx.aws.endpoint;
    },
    get clock(): LocalAws["clock"] {
      return ctx.aws.clock;
    },
    client<T>(Ctor: new (config: ClientConfig) => T, overrides: Partial<ClientConfig> = {}): T {
      return new Ctor({ endpoint: ctx.aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1, ...overrides });
    },
  } satisfies ServerContext;
  beforeAll(async () => {
    aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent", ...options });
  });
  afterAll(async () => {
    await aws?.stop();
  });
  return ctx;
}
