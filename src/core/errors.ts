/**
 * AwsError is what a client sees: an AWS error code, message, HTTP status and any extra members
 * the protocol puts beside them (e.g. DynamoDB's CancellationReasons, Lambda's Reason).
 * LocalAwsError is our own fault or misuse of the emulator (codes LA_ERR_*), never an AWS error.
 */

export type ErrorFault = "client" | "server";

export interface AwsErrorOptions {
  status?: number;
  /** Extra members serialized next to code and message. */
  fields?: Record<string, unknown>;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Overrides the service's error namespace for the awsJson `__type` (e.g. coral validate types). */
  typeName?: string;
  /** awsQuery `<Type>`: Sender for client faults, Receiver for server faults. */
  fault?: ErrorFault;
  /** The code the Query protocol (and `x-amzn-query-error`) reports, when it differs. */
  queryCode?: string;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly typeName?: string;
  readonly fault: ErrorFault;
  readonly queryCode?: string;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    // A client error is an answer, not a fault of ours: capturing its stack cost a 404 or a failed
    // condition 14 us, more than the rest of the request. Server faults keep theirs.
    const stackTraceLimit = Error.stackTraceLimit;
    if ((options.status ?? 400) < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = code;
    this.code = code;
    this.status = options.status ?? 400;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
    this.typeName = options.typeName;
    this.fault = options.fault ?? (this.status >= 500 ? "server" : "client");
    this.queryCode = options.queryCode;
  }
}

export class LocalAwsError extends Error {
  readonly code: `LA_ERR_${string}`;
  constructor(code: `LA_ERR_${string}`, message: string) {
    super(`${code}: ${message}`);
    this.name = "LocalAwsError";
    this.code = code;
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}

/** Errors every protocol needs. */
export const commonErrors = {
  internalFailure: (message = "The request processing has failed because of an unknown error, exception or failure.") =>
    new AwsError("InternalFailure", message, { status: 500 }),
  serialization: (message: string) =>
    new AwsError("SerializationException", message, { typeName: "com.amazon.coral.service#SerializationException" }),
  unknownOperation: (message: string) =>
    new AwsError("UnknownOperationException", message, { typeName: "com.amazon.coral.service#UnknownOperationException" }),
  requestTooLarge: (limit: number) =>
    new AwsError("RequestEntityTooLargeException", `Request must be smaller than ${limit} bytes.`, { status: 413 }),
};
