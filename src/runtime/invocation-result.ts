/**
 * What a synchronous invocation answered. A class (its accessors on the prototype): an object
 * literal with a getter is built by a slow path per invocation, which measured ~10% more server
 * CPU per warm invoke than a plain object.
 */
import type { FunctionError } from "./environment.js";
import type { InvocationLog } from "./logs.js";

export class InvocationResult {
  private bytes?: Buffer;

  constructor(
    readonly requestId: string,
    /** The response payload as the function answered it (JSON text). */
    readonly text: string,
    readonly executedVersion: string,
    private readonly log: InvocationLog,
    /** Set when the function failed: "Unhandled" (as X-Amz-Function-Error). */
    readonly functionError: string | undefined,
    readonly error: FunctionError | undefined,
  ) {}

  /** The payload as bytes (made on first use: most callers want the text). */
  get payload(): Buffer {
    return (this.bytes ??= Buffer.from(this.text, "utf8"));
  }

  /** The last 4 KB of the log, base64 (computed on demand: only `LogType: Tail` asks). */
  logTail(): string {
    return this.log.tail();
  }
}
