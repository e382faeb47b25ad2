import { AwsError, commonErrors } from "../errors.js";
import { bareObject } from "../guard-objects.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { DEFAULT_MAX_BODY, opIndex, type Codec, type Decoded } from "./codec.js";
import { decodeQueryWithModel, encodeQueryWithModel, modelDrivesDecode, modelDrivesEncode } from "./aws-query-model.js";
import { xmlElement } from "./xml.js";

/**
 * Turns flat Query parameters (`Attribute.1.Name=x`, `Tags.member.2.Key=y`,
 * `Attributes.entry.1.key=k`) into a tree: numeric segments make lists (1-based), `member`
 * wrappers are dropped, `entry` lists of key/value become maps.
 */
export function queryParamsToTree(params: Iterable<[string, string]>): Record<string, unknown> {
  // Objects without a prototype: `__proto__.x=1` (a form body) is a parameter named `__proto__`, nothing more.
  const root = bareObject();
  for (const [name, value] of params) {
    const parts = name.split(".");
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      let child = node[part];
      if (child === undefined || typeof child !== "object") {
        child = bareObject();
        node[part] = child;
      }
      node = child as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return normalize(root) as Record<string, unknown>;
}

function normalize(node: unknown): unknown {
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = normalize(obj[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => obj[k]);
  }
  if (keys.length === 1 && keys[0] === "member") {
    const m = obj.member;
    return Array.isArray(m) ? m : [m];
  }
  if (keys.length === 1 && keys[0] === "entry") {
    const entries = Array.isArray(obj.entry) ? obj.entry : [obj.entry];
    const map = bareObject();
    for (const e of entries as Record<string, unknown>[]) {
      // Most maps use key/value; SNS's MessageAttributes use Name/Value.
      if (e && typeof e === "object" && typeof e.key === "string") map[e.key] = e.value;
      else if (e && typeof e === "object" && typeof e.Name === "string") map[e.Name] = e.Value;
    }
    return map;
  }
  return obj;
}

export const awsQuery: Codec = {
  async decode(req: HttpRequest, api: ApiDef): Promise<Decoded> {
    const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const params = new URLSearchParams(req.rawQuery);
    if (req.method !== "GET" && req.method !== "HEAD") {
      const body = await req.readBody(limit, () => (api.tooLarge ?? commonErrors.requestTooLarge)(limit));
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.append(k, v);
    }
    const fromPath = api.paramsFromPath?.(req.rawPath, req.endpoint);
    if (fromPath) for (const [k, v] of Object.entries(fromPath)) if (!params.has(k)) params.set(k, v);
    const action = params.get("Action");
    if (!action) throw new AwsError("MissingAction", "Missing Action", { status: 400 });
    const op = opIndex(api).get(action);
    if (!op) throw this.unknownOperation(`The action ${action} is not valid for this web service (not supported by local-aws).`);
    params.delete("Action");
    params.delete("Version");
    if (modelDrivesDecode(api, op)) return { op, input: decodeQueryWithModel(api, op, params) };
    const tree = queryParamsToTree(params);
    const input = op.fromQuery ? op.fromQuery(tree) : tree;
    return { op, input: input as Record<string, unknown> };
  },

  encode(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse {
    if (modelDrivesEncode(api, op)) return encodeQueryWithModel(output, op, api, requestId);
    const shaped = op.toQuery ? op.toQuery(output as never) : (output as Record<string, unknown> | undefined);
    const hasResult = shaped !== undefined && shaped !== null && Object.keys(shaped).length > 0;
    const body =
      `<?xml version="1.0"?>` +
      xmlElement(`${op.name}Response`, {
        "@xmlns": api.xmlNamespace,
        [`${op.name}Result`]: hasResult ? shaped : undefined,
        ResponseMetadata: { RequestId: requestId },
      });
    return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
  },

  encodeError(err: AwsError, api: ApiDef | undefined, requestId: string): HttpResponse {
    const body =
      `<?xml version="1.0"?>` +
      xmlElement("ErrorResponse", {
        "@xmlns": api?.xmlNamespace,
        Error: {
          Type: err.fault === "server" ? "Receiver" : "Sender",
          Code: err.queryCode ?? err.code,
          Message: err.message,
          ...err.fields,
        },
        RequestId: requestId,
      });
    return { status: err.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, ...err.headers }, body };
  },

  unknownOperation(description: string): AwsError {
    return new AwsError("InvalidAction", description, { status: 400, fault: "client" });
  },
};
