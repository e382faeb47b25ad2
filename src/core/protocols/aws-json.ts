import type { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { AwsError, commonErrors } from "../errors.js";
import { safeJson } from "../guard-objects.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { checkInput } from "../models/index.js";
import { DEFAULT_MAX_BODY, opIndex, type Codec, type Decoded } from "./codec.js";

/**
 * An output that is already JSON text, sent as it is: lets a hot path (e.g. returning a stored
 * item) skip building and re-serializing objects.
 */
export class JsonText {
  private checksum: string | undefined = undefined;
  constructor(readonly text: string) {}

  /** The text's CRC32 as the x-amz-crc32 header writes it, computed once (a constant answer like `{}` is sent over and over). */
  crc32(): string {
    return (this.checksum ??= String(crc32(this.text)));
  }
}

/**
 * An output sent as a stream of bytes in its own content type instead of JSON: an event stream
 * (`application/vnd.amazon.eventstream`, Kinesis SubscribeToShard) written as events happen.
 */
export class StreamedOutput {
  constructor(
    readonly contentType: string,
    readonly body: Readable,
  ) {}
}

/** Blobs travel base64, timestamps as epoch seconds (the awsJson defaults). */
export function toJsonWire(value: unknown): string {
  if (value instanceof JsonText) return value.text;
  // A replacer makes JSON.stringify call back into JS for every key (measured 2-3x slower on an
  // item-shaped output); most outputs hold neither blobs nor timestamps, which one walk can tell.
  if (!needsWireForms(value)) return JSON.stringify(value);
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    if (Buffer.isBuffer(original) || original instanceof Uint8Array) return Buffer.from(original).toString("base64");
    if (original instanceof Date) return original.getTime() / 1000;
    return v;
  });
}

/** True when `value` holds a blob, a Date or anything else with its own JSON form (conservatively). */
function needsWireForms(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (value instanceof Uint8Array || value instanceof Date || typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  if (Array.isArray(value)) {
    for (const v of value) if (needsWireForms(v)) return true;
    return false;
  }
  for (const key in value) if (needsWireForms((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * The request's JSON object (an empty body is an empty input), and the text it was parsed from;
 * checked against the API's model when it has one.
 */
function decoded(api: ApiDef, op: OperationDef<never, never>, body: Buffer): Decoded {
  const result = parsed(op, body);
  if (api.model) checkInput(api, op.name, result.input);
  return result;
}

function parsed(op: OperationDef<never, never>, body: Buffer): Decoded {
  if (body.length === 0) return { op, input: {} };
  const text = body.toString("utf8");
  let input: unknown;
  try {
    input = safeJson(JSON.parse(text), text);
  } catch {
    throw commonErrors.serialization("Start of structure or map found where not expected.");
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw commonErrors.serialization("Start of structure or map found where not expected.");
  }
  return { op, input: input as Record<string, unknown>, text };
}

function makeAwsJson(version: "1.0" | "1.1"): Codec {
  const contentType = `application/x-amz-json-${version}`;
  return {
    decode(req: HttpRequest, api: ApiDef): Decoded | Promise<Decoded> {
      const target = req.headers["x-amz-target"] ?? "";
      const dot = target.lastIndexOf(".");
      const name = dot >= 0 ? target.slice(dot + 1) : target;
      const op = opIndex(api).get(name);
      if (!op) throw this.unknownOperation(`Operation ${name || "(none)"} is not supported by local-aws (X-Amz-Target: ${target || "missing"}).`);
      const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const tooLarge = (): Error => (api.tooLarge ?? commonErrors.requestTooLarge)(limit);
      const body = req.readBodyNow(limit, tooLarge);
      if (body) return decoded(api, op, body);
      return req.readBody(limit, tooLarge).then((read) => decoded(api, op, read));
    },

    encode(output: unknown, _op, api: ApiDef, requestId: string): HttpResponse {
      if (output instanceof StreamedOutput) return { status: 200, headers: { "content-type": output.contentType, "x-amzn-requestid": requestId }, body: output.body };
      // Kept a string (crc32 hashes its UTF-8 bytes; send writes it with the head in one chunk).
      const body = toJsonWire(output ?? {});
      const headers: Record<string, string> = { "content-type": contentType, "x-amzn-requestid": requestId };
      if (api.crc32) headers["x-amz-crc32"] = output instanceof JsonText ? output.crc32() : String(crc32(body));
      return { status: 200, headers, body };
    },

    encodeError(err: AwsError, api: ApiDef | undefined, requestId: string, req: HttpRequest): HttpResponse {
      const type = err.typeName ?? (api?.errorNamespace ? `${api.errorNamespace}#${err.code}` : err.code);
      const messageKey = type.startsWith("com.amazon.coral.service#") ? "Message" : "message";
      const body = Buffer.from(toJsonWire({ __type: type, [messageKey]: err.message, ...err.fields }), "utf8");
      const headers: Record<string, string> = { "content-type": contentType, "x-amzn-requestid": requestId, ...err.headers };
      if (api?.crc32) headers["x-amz-crc32"] = String(crc32(body));
      if (api?.queryCompatible && req.headers["x-amzn-query-mode"] === "true") {
        headers["x-amzn-query-error"] = `${err.queryCode ?? err.code};${err.fault === "server" ? "Receiver" : "Sender"}`;
      }
      return { status: err.status, headers, body };
    },

    unknownOperation(description: string): AwsError {
      return commonErrors.unknownOperation(description);
    },
  };
}

export const awsJson1_0 = makeAwsJson("1.0");
export const awsJson1_1 = makeAwsJson("1.1");
