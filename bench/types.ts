/**
 * The benchmark workload interface. The runner (bench/run.ts) starts every target as a child
 * process (so its CPU time can be read from /proc/<pid>/stat), runs each workload against each
 * of its targets round by round, alternating targets, and prints ops/s, p50/p99 latency and the
 * server's CPU time per operation — through the SDK and through a raw HTTP client (undici).
 */

/** `noop` is a bare fastify server answering every request with a tiny 200 (the loopback ceiling). */
export type TargetKind = "local-aws" | "noop" | "dynalite" | "s3rver" | "kinesalite";

export interface Target {
  kind: TargetKind;
  /** e.g. http://127.0.0.1:40123 */
  endpoint: string;
  pid: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Workload {
  /** e.g. "dynamodb GetItem" */
  name: string;
  /** Which targets this workload runs against. A builder that returns undefined skips that target. */
  targets: TargetKind[];
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  /** Operations per round per target (default 2000). */
  opsPerRound?: number;
  /**
   * Requests sent through each client (SDK, then raw) to each target before its first round, not
   * measured: a fresh process's first thousands of requests carry its JIT warm-up, and each client
   * sends its own request shape (the SDK's headers are not the raw client's), so both are warmed.
   * `i` starts at `opsPerRound` so warm-up writes use keys the rounds do not.
   */
  warmUp?: number;
  /** Creates tables/buckets/items before the first round (not measured). */
  setup?(target: Target): Promise<void>;
  /** One operation through the official SDK client. `i` counts operations. */
  sdk?(target: Target): ((i: number) => Promise<void>) | undefined;
  /** A pre-built request for the raw client (undici); the same bytes every time unless `i` is used. */
  raw?(target: Target): ((i: number) => RawRequest) | undefined;
  /**
   * For measurements that are not "one request, many times" (end-to-end message throughput, cold
   * starts, RSS per environment): runs once per round against local-aws (and peers if listed) and
   * returns named figures, printed as they are.
   */
  custom?(target: Target): Promise<Record<string, number | string>>;
}

/** Credentials every target accepts (s3rver only accepts its own pair). */
export const benchCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
