import type { AwsError } from "../errors.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";

export interface Decoded {
  op: OperationDef<never, never>;
  input: Record<string, unknown>;
  /** The body text the input was parsed from (JSON protocols). */
  text?: string;
}

/** One AWS wire protocol: HTTP in, operation input out; output or error back to HTTP. */
export interface Codec {
  /** Synchronous when it can be (a body already in memory), so that dispatch needs no promise. */
  decode(req: HttpRequest, api: ApiDef): Decoded | Promise<Decoded>;
  encode(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse;
  /** `api` is undefined when the request named a service we do not implement. */
  encodeError(err: AwsError, api: ApiDef | undefined, requestId: string, req: HttpRequest): HttpResponse;
  /** The error for an operation (or service) we do not implement. */
  unknownOperation(description: string): AwsError;
}

export const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

export function opIndex(api: ApiDef): Map<string, OperationDef<never, never>> {
  const cached = indexCache.get(api);
  if (cached) return cached;
  const map = new Map(api.operations.map((op) => [op.name, op]));
  indexCache.set(api, map);
  return map;
}
const indexCache = new WeakMap<ApiDef, Map<string, OperationDef<never, never>>>();
