import { AwsError, commonErrors } from "../errors.js";
import { safeJson } from "../guard-objects.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { DEFAULT_MAX_BODY, type Codec, type Decoded } from "./codec.js";
import { toJsonWire } from "./aws-json.js";
import { applyOutputBindings, boundInput, matchRoute } from "./http-binding.js";
import { decodeWithModel, encodeWithModel } from "./rest-json-model.js";
import { apiModel } from "../models/index.js";

export const restJson1: Codec = {
  async decode(req: HttpRequest, api: ApiDef): Promise<Decoded> {
    if (api.model) return decodeWithModel(req, api, (message) => this.unknownOperation(message));
    const match = matchRoute(api, req.method, req.rawPath, req.query, req.headers);
    if (!match) throw this.unknownOperation(`No operation matches ${req.method} ${req.rawPath} (not supported by local-aws).`);
    const input = boundInput(req, match);
    for (const name in input) if (Number.isNaN(input[name])) throw new AwsError("SerializationException", `Could not convert the value of ${name} to a number.`, { status: 400 });
    const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const tooLarge = (): Error => (api.tooLarge ?? commonErrors.requestTooLarge)(limit);
    if (match.binding.payload) {
      input[match.binding.payload] = match.binding.streaming ? req.bodyStream : await req.readBody(limit, tooLarge);
      return { op: match.op, input };
    }
    const body = await req.readBody(limit, tooLarge);
    if (body.length > 0) {
      let parsed: unknown;
      try {
        const text = body.toString("utf8");
        parsed = safeJson(JSON.parse(text), text);
      } catch {
        throw new AwsError("SerializationException", "Could not parse request body into json: malformed JSON.", { status: 400 });
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new AwsError("SerializationException", "Could not parse request body into json: expected an object.", { status: 400 });
      }
      Object.assign(input, parsed as Record<string, unknown>); // `input` has no prototype: `__proto__` stays a key
    }
    return { op: match.op, input };
  },

  encode(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse {
    if (api.model && apiModel(api)!.operation(op.name)) return encodeWithModel(output, op, api, requestId);
    const binding = op.http!;
    const response: HttpResponse = { status: binding.status ?? 200, headers: { "x-amzn-requestid": requestId } };
    const rest = applyOutputBindings((output ?? {}) as Record<string, unknown>, binding, response);
    if (response.body === undefined) {
      if (response.status !== 204) {
        response.headers["content-type"] = "application/json";
        response.body = toJsonWire(rest);
      }
    } else if (!response.headers["content-type"]) {
      response.headers["content-type"] = "application/octet-stream";
    }
    return response;
  },

  encodeError(err: AwsError, _api: ApiDef | undefined, requestId: string): HttpResponse {
    const body = toJsonWire({ Type: err.fault === "server" ? "Service" : "User", message: err.message, ...err.fields });
    return {
      status: err.status,
      headers: { "content-type": "application/json", "x-amzn-requestid": requestId, "x-amzn-errortype": err.code, ...err.headers },
      body,
    };
  },

  unknownOperation(description: string): AwsError {
    return new AwsError("UnknownOperationException", description, { status: 404 });
  },
};
