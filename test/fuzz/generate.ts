/**
 * Malformed requests for every implemented operation of every service, in the protocol each API
 * speaks, generated from AWS's own models (models/<service>.json.gz): a plausible input is built
 * from the operation's input shape, then broken — wrong types, nulls, huge and negative numbers,
 * deep nesting, long strings, bad expressions — or its encoded body is (bad JSON/XML/form text,
 * truncation). Deterministic for a seed.
 */
import { loadModel } from "../../src/core/models/loader.js";
import type { MemberModel, ServiceModel, ShapeModel } from "../../src/core/models/types.js";
import type { ProtocolName } from "../../src/core/service.js";

export interface FuzzApi {
  service: string;
  protocol: ProtocolName;
  /** Model file name. */
  model: string;
  signingName: string;
  targetPrefix?: string;
  /** Operations local-aws implements on this API. */
  operations: string[];
}

export interface FuzzRequest {
  api: string;
  operation: string;
  mutation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same requests. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Model files by endpoint name where they differ. */
export const MODEL_FILES: Record<string, string> = { states: "stepfunctions", "streams.dynamodb": "dynamodbstreams" };

/** A few names, so that one request's resource is the next one's target. */
const NAMES = ["fz-a", "fz-b", "fuzz-table", "fuzz.queue", "fz-fn"];
const NASTY_STRINGS = ["", " ", "\u0000", "%", "../../etc/passwd", "a".repeat(300), "é\u{1F600}\uD800", "<x>&amp;</x>", "${x}", "__proto__", "constructor", "1e400", "-0", "NaN", "true", "null", "arn:aws:x:::y"];
const NASTY_NUMBERS = [-1, 0, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, 0.5, 1e-320, 1.2345678901234568e29];
const BAD_EXPRESSIONS = ["", "(", ")", "a = ", "= :v", "#n = :v", "a = :undefined", "SET", "SET a", "REMOVE", "a BETWEEN :a", "size(", "attribute_exists()", "NOT", "a IN ()", "a.b[99999999999999999999] = :v", "((((((a = :v", "a = :v AND", "SET a = a + ", "ADD a :v, a :w", "contains(a, b, c)", ":v = :v", "a < b < c", "[0]", "a..b", "attribute_type(a, :v)"];

interface Built {
  input: Record<string, unknown>;
  /** Where in `input` a value can be replaced: [object, key]. */
  slots: [Record<string, unknown> | unknown[], string | number][];
}

export class RequestGenerator {
  private readonly models = new Map<string, ServiceModel>();

  constructor(
    private readonly apis: FuzzApi[],
    private readonly rnd: Random,
  ) {}

  private model(name: string): ServiceModel {
    let m = this.models.get(name);
    if (!m) this.models.set(name, (m = loadModel(name)));
    return m;
  }

  next(): FuzzRequest {
    const api = this.rnd.pick(this.apis);
    const model = this.model(api.model);
    const operation = this.rnd.pick(api.operations);
    const op = model.operations[operation];
    const built: Built = { input: {}, slots: [] };
    const inputShape = op?.input ? model.shapes[op.input.shape] : undefined;
    if (inputShape) built.input = this.structure(model, inputShape, 0, built) as Record<string, unknown>;
    const mutation = this.mutateInput(built);
    const req = this.encode(api, model, operation, built.input);
    const bodyMutation = this.rnd.chance(0.15) ? this.mutateBody(api, req) : undefined;
    return { api: `${api.service}/${api.protocol}`, operation, mutation: [mutation, bodyMutation].filter(Boolean).join("+") || "none", ...req };
  }

  // ---- plausible values from shapes ----
  private value(model: ServiceModel, ref: MemberModel, depth: number, built: Built, name: string): unknown {
    const shape = model.shapes[ref.shape];
    if (!shape) return "x";
    switch (shape.type) {
      case "structure":
        return depth > 5 ? {} : this.structure(model, shape, depth + 1, built);
      case "list": {
        const n = depth > 5 ? 0 : this.rnd.int(3);
        const list: unknown[] = [];
        for (let i = 0; i < n; i++) {
          list.push(this.value(model, shape.member!, depth + 1, built, name));
          built.slots.push([list, i]);
        }
        return list;
      }
      case "map": {
        const map: Record<string, unknown> = {};
        const n = depth > 5 ? 0 : this.rnd.int(3);
        for (let i = 0; i < n; i++) {
          const key = String(this.value(model, shape.key!, depth + 1, built, name));
          map[key] = this.value(model, shape.value!, depth + 1, built, name);
          built.slots.push([map, key]);
        }
        return map;
      }
      case "string":
        return this.string(shape, name);
      case "integer":
      case "long":
        return Math.max(shape.min ?? 0, Math.min(shape.max ?? 10, this.rnd.int(11)));
      case "float":
      case "double":
        return this.rnd.next() * 10;
      case "boolean":
        return this.rnd.chance(0.5);
      case "blob":
        return Buffer.from(`fuzz-${this.rnd.int(1000)}`).toString("base64");
      case "timestamp":
        return 1_700_000_000 + this.rnd.int(1_000_000);
      default:
        return null;
    }
  }

  private string(shape: ShapeModel, name: string): string {
    if (shape.enum?.length) return this.rnd.pick(shape.enum);
    if (/expression$/i.test(name)) return this.rnd.pick(["a = :v", "attribute_exists(a)", "SET a = :v", "#n, a.b[1]", "pk = :v AND begins_with(sk, :w)"]);
    if (/arn$/i.test(name)) return `arn:aws:${this.rnd.pick(["sqs", "sns", "lambda", "dynamodb", "states", "logs"])}:us-east-1:000000000000:${this.rnd.pick(NAMES)}`;
    if (/url$/i.test(name)) return `http://127.0.0.1/000000000000/${this.rnd.pick(NAMES)}`;
    if (/policy|definition|document|body|message/i.test(name)) return this.rnd.pick(["{}", "{", '{"Version":"2012-10-17","Statement":[]}', "x"]);
    return this.rnd.pick(NAMES);
  }

  private structure(model: ServiceModel, shape: ShapeModel, depth: number, built: Built): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(shape.required ?? []);
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (!required.has(name) && !this.rnd.chance(0.35)) continue;
      // A long poll would wait for the (virtual) clock: never ask for one.
      if (name === "WaitTimeSeconds") continue;
      out[name] = this.value(model, member, depth, built, name);
      built.slots.push([out, name]);
    }
    return out;
  }

  // ---- breaking the input ----
  private mutateInput(built: Built): string | undefined {
    if (built.slots.length === 0 || this.rnd.chance(0.2)) return undefined;
    const [holder, key] = this.rnd.pick(built.slots);
    const kind = this.rnd.int(11);
    let value: unknown;
    let label: string;
    switch (kind) {
      case 0:
        value = null;
        label = "null";
        break;
      case 1:
        value = this.rnd.pick([[], {}, [[]], { a: 1 }]);
        label = "container";
        break;
      case 2:
        value = this.rnd.pick(NASTY_NUMBERS);
        label = "number";
        break;
      case 3:
        value = this.rnd.pick(NASTY_STRINGS);
        label = "string";
        break;
      case 4:
        value = "x".repeat(this.rnd.pick([1025, 4097, 65_537, 300_000]));
        label = "long-string";
        break;
      case 5: {
        const depth = this.rnd.pick([40, 200, 2000]);
        let nested: unknown = "leaf";
        for (let i = 0; i < depth; i++) nested = this.rnd.chance(0.5) ? [nested] : { M: { a: nested } };
        value = nested;
        label = `deep-${depth}`;
        break;
      }
      case 6:
        value = this.rnd.pick(BAD_EXPRESSIONS) + (this.rnd.chance(0.2) ? "(".repeat(3000) : "");
        label = "expression";
        break;
      case 7:
        value = this.rnd.chance(0.5);
        label = "boolean";
        break;
      case 8:
        value = { S: this.rnd.pick(NASTY_STRINGS), N: this.rnd.pick(["1e126", "-0", "x", "1".repeat(40)]), B: "!!", SS: [], NS: ["1", "1"], NULL: false, BOOL: "yes" };
        label = "attribute-value";
        break;
      case 9:
        value = String(this.rnd.pick(NASTY_NUMBERS));
        label = "number-as-string";
        break;
      default:
        if (Array.isArray(holder)) holder.splice(Number(key), 1);
        else delete holder[key];
        return "removed";
    }
    if (Array.isArray(holder)) holder[Number(key)] = value;
    else holder[key] = value;
    return label;
  }

  private mutateBody(api: FuzzApi, req: Pick<FuzzRequest, "body" | "headers">): string {
    const text = typeof req.body === "string" ? req.body : req.body.toString("latin1");
    const kind = this.rnd.int(5);
    if (kind === 0 && text.length > 1) {
      req.body = text.slice(0, this.rnd.int(text.length));
      return "truncated";
    }
    if (kind === 1) {
      req.headers["content-type"] = this.rnd.pick(["///", "text/plain", "application/json; charset=x", "multipart/form-data; boundary=", ""]);
      return "content-type";
    }
    if (api.protocol === "restXml") req.body = this.rnd.pick(["<", "<a>", "<a></b>", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "xxxxxxxxxx"><!ENTITY f "&e;&e;&e;&e;&e;&e;">]><a>&f;&f;&f;</a>', "<a><__proto__/></a>", "<" + "a>".repeat(5000), "\uFEFF<Tagging/>", "plain text"]);
    else if (api.protocol === "awsQuery") req.body = this.rnd.pick(["%zz", "a=b&&&=&", "Action=", "Action=%00", `${text}&${text}`, "x.1.member.2.entry.3.key=__proto__&x.1.member.2.entry.3.value=1", "Attributes.entry.1.value=v", "A.1=1&A.member.1=2", "Action=ListTopics&NextToken=" + "%FF".repeat(100)]);
    else req.body = this.rnd.pick(["{", "[]", "1", '"x"', "null", '{"a":' + "[".repeat(10_000) + "]".repeat(10_000) + "}", "{\"a\":1,\"a\":{}}", "\uFEFF{}", "{}garbage"]);
    return "body";
  }

  // ---- encoding per protocol ----
  private encode(api: FuzzApi, model: ServiceModel, operation: string, input: Record<string, unknown>): Pick<FuzzRequest, "method" | "path" | "headers" | "body"> {
    const headers: Record<string, string> = {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/${api.signingName}/aws4_request, SignedHeaders=host, Signature=00`,
      "x-amz-date": "20260101T000000Z",
    };
    if (api.protocol === "awsJson1_0" || api.protocol === "awsJson1_1") {
      headers["content-type"] = `application/x-amz-json-${api.protocol === "awsJson1_0" ? "1.0" : "1.1"}`;
      headers["x-amz-target"] = `${api.targetPrefix}.${operation}`;
      return { method: "POST", path: "/", headers, body: safeStringify(input) };
    }
    if (api.protocol === "awsQuery") {
      headers["content-type"] = "application/x-www-form-urlencoded";
      const params = new URLSearchParams({ Action: operation, Version: model.metadata.apiVersion });
      flatten(input, "", params);
      return { method: "POST", path: "/", headers, body: params.toString() };
    }
    const op = model.operations[operation]!;
    const shape = op.input ? model.shapes[op.input.shape] : undefined;
    const [template, fixedQuery] = (op.http?.requestUri ?? "/").split("?") as [string, string | undefined];
    const query = new URLSearchParams(fixedQuery ?? "");
    const body: Record<string, unknown> = {};
    let payload: unknown;
    let path = template;
    for (const [name, member] of Object.entries(shape?.members ?? {})) {
      const v = input[name];
      if (member.location === "uri") {
        // A lone surrogate cannot be percent-encoded (URIError): what a client could send has none.
        const text = (v === undefined || v === null ? "" : typeof v === "string" ? v : safeStringify(v)).replace(/[\uD800-\uDFFF]/g, "?");
        path = path.replace(`{${member.locationName ?? name}+}`, text.split("/").map(encodeURIComponent).join("/")).replace(`{${member.locationName ?? name}}`, encodeURIComponent(text));
      } else if (v === undefined) continue;
      else if (member.location === "querystring") for (const item of Array.isArray(v) ? v : [v]) query.append(member.locationName ?? name, typeof item === "string" ? item : safeStringify(item));
      else if (member.location === "header") headers[(member.locationName ?? name).toLowerCase()] = headerText(v);
      else if (member.location === "headers") for (const [k, hv] of Object.entries((v ?? {}) as Record<string, unknown>)) headers[`${member.locationName ?? ""}${k}`.toLowerCase()] = headerText(hv);
      else if (shape?.payload === name) payload = v;
      else body[member.locationName ?? name] = v;
    }
    path = path.replace(/\{[^}]+\}/g, "x");
    const qs = query.toString().replace(/=(&|$)/g, "$1");
    const url = qs ? `${path}?${qs}` : path;
    if (api.protocol === "restJson1") {
      headers["content-type"] = "application/json";
      const text = payload !== undefined ? (typeof payload === "string" ? payload : safeStringify(payload)) : Object.keys(body).length > 0 ? safeStringify(body) : "";
      return { method: op.http?.method ?? "GET", path: url, headers, body: text };
    }
    const root = shape?.payload ? (shape.members?.[shape.payload]?.locationName ?? shape.payload) : undefined;
    const xmlText = payload === undefined ? "" : typeof payload === "string" ? payload : root ? toXml(root, payload) : "";
    return { method: op.http?.method ?? "GET", path: url, headers, body: xmlText };
  }
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "null";
  } catch {
    return "[]"; // too deep for JSON.stringify
  }
}

function headerText(v: unknown): string {
  const text = typeof v === "string" ? v : safeStringify(v);
  // What an HTTP client can send at all: no control characters, Latin-1, bounded.
  return text.replace(/[^\t\x20-\x7e\xa0-\xff]/g, "?").slice(0, 4000);
}

function flatten(value: unknown, prefix: string, params: URLSearchParams, depth = 0): void {
  if (depth > 100) params.append(prefix, "deep");
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}.member.${i + 1}`, params, depth + 1));
  else if (value !== null && typeof value === "object") {
    let i = 0;
    for (const [k, v] of Object.entries(value)) {
      if (prefix && /^[a-z]/.test(k)) {
        i++;
        params.append(`${prefix}.entry.${i}.key`, k);
        flatten(v, `${prefix}.entry.${i}.value`, params, depth + 1);
      } else flatten(v, prefix ? `${prefix}.${k}` : k, params, depth + 1);
    }
  } else params.append(prefix || "x", value === null || value === undefined ? "" : String(value as string));
}

function toXml(name: string, value: unknown, depth = 0): string {
  if (depth > 50) return "";
  if (Array.isArray(value)) return value.map((v) => toXml(name, v, depth + 1)).join("");
  if (value !== null && typeof value === "object") return `<${name}>${Object.entries(value).map(([k, v]) => toXml(/^[A-Za-z_][\w.-]*$/.test(k) ? k : "K", v, depth + 1)).join("")}</${name}>`;
  return `<${name}>${String(value as string).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</${name}>`;
}
