/**
 * local-aws: AWS's serverless stack in one Node.js process.
 *
 *   const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true });
 *   new DynamoDBClient({ endpoint: aws.endpoint, region: aws.region, credentials: {...} });
 */
import { resolveSettings, type LocalAwsOptions } from "./config.js";
import { LocalAwsError } from "./core/errors.js";
import { createServer, type LocalAwsServer } from "./core/server.js";
import type { ServiceManifest } from "./core/service.js";
import { builtinServices } from "./services.js";

export type { LocalAwsOptions } from "./config.js";
export type { LocalAwsServer } from "./core/server.js";
export { LocalAwsError, AwsError } from "./core/errors.js";

export interface LocalAws {
  /** e.g. http://127.0.0.1:4566 */
  endpoint: string;
  port: number;
  region: string;
  accountId: string;
  stop(): Promise<void>;
  reset(): Promise<void>;
  /** Resolves once no asynchronous work (deliveries, due invocations, pollers) is pending. */
  settle(): Promise<void>;
  snapshot(): Promise<string>;
  restore(id: string): Promise<void>;
  clock: {
    now(): Date;
    /** Virtual clock only: moves time, firing every timer that falls due, in order, then settles. */
    advance(ms: number): Promise<void>;
    set(date: Date | string | number): Promise<void>;
  };
  /** The server's internals, for advanced embedding. */
  server: LocalAwsServer;
}

export interface StartOptions extends LocalAwsOptions {
  /** Replaces the built-in services (for embedding and tests). */
  services?: ServiceManifest[];
  /** Where log lines go (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

export async function startLocalAws(options: StartOptions = {}): Promise<LocalAws> {
  const settings = resolveSettings({ logLevel: "warn", ...options });
  const server = await createServer(settings, { services: options.services ?? builtinServices, logDestination: options.logDestination });
  await server.ready;
  const manual = (): NonNullable<LocalAwsServer["manualClock"]> => {
    if (!server.manualClock) throw new LocalAwsError("LA_ERR_NOT_VIRTUAL", "the clock is real; start with virtualClock: true to move it");
    return server.manualClock;
  };
  return {
    endpoint: server.url,
    port: server.port,
    region: settings.region,
    accountId: settings.accountId,
    stop: () => server.close(),
    reset: () => server.reset(),
    settle: () => server.settle(),
    snapshot: () => server.snapshot(),
    restore: (id) => server.restore(id),
    clock: {
      now: () => new Date(server.clock.now()),
      advance: async (ms) => {
        await manual().advance(ms);
        await server.settle();
      },
      set: async (date) => {
        await manual().set(new Date(date).getTime());
        await server.settle();
      },
    },
    server,
  };
}
