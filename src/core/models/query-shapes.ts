/**
 * awsQuery as the model says: form parameters (`Tags.member.1.Key`, flattened `Attribute.1.Name`,
 * `Attributes.entry.1.key`, an empty list as a bare `Name=`) read into a typed input, and outputs
 * written as the SDKs parse them (`<member>` and `<entry>` wrappers unless flattened, wire names
 * from locationName, ISO 8601 timestamps, base64 blobs). Compiled once per shape.
 */
import { escapeXml } from "../protocols/xml.js";
import type { MemberModel, ServiceModel, ShapeModel } from "./types.js";

/** The request's parameters, with every dotted prefix of their names (to find list entries). */
export class QueryParams {
  readonly prefixes = new Set<string>();
  constructor(readonly values: Map<string, string>) {
    for (const name of values.keys()) {
      let dot = name.indexOf(".");
      while (dot >= 0) {
        this.prefixes.add(name.slice(0, dot));
        dot = name.indexOf(".", dot + 1);
      }
    }
  }
  has(prefix: string): boolean {
    return this.values.has(prefix) || this.prefixes.has(prefix);
  }
}

type Reader = (params: QueryParams, prefix: string) => unknown;
type Writer = (value: unknown, name: string) => string;

/** `prefix` with its last dotted segment replaced by `name`. */
function renamed(prefix: string, name: string): string {
  const dot = prefix.lastIndexOf(".");
  return dot < 0 ? name : `${prefix.slice(0, dot + 1)}${name}`;
}

function flattened(ref: MemberModel | undefined, shape: ShapeModel): boolean {
  return ref?.flattened === true || shape.flattened === true;
}

export class QueryShapes {
  private readonly readers = new Map<string, Reader>();
  private readonly writers = new Map<string, Writer>();

  constructor(private readonly model: ServiceModel) {}

  /** Reads the input structure `shape` from the parameters. */
  read(shape: string, params: QueryParams): Record<string, unknown> {
    return (this.reader(shape)(params, "") ?? {}) as Record<string, unknown>;
  }

  /** `<name>...</name>` for a value of `shape` (the result element's children for a structure). */
  write(shape: string, value: unknown, name: string): string {
    return this.writer(shape)(value, name);
  }

  /** A member's name on the wire: its own locationName, else its shape's (SQS's TagMap is `Tag`), else the member's name. */
  private wireName(member: string, ref: MemberModel): string {
    return ref.locationName ?? this.model.shapes[ref.shape]?.locationName ?? member;
  }

  private reader(name: string, ref?: MemberModel): Reader {
    const key = ref?.flattened ? `${name}/flat` : name;
    const found = this.readers.get(key);
    if (found) return found;
    let built: Reader | undefined;
    this.readers.set(key, (p, prefix) => (built ??= this.buildReader(name, ref))(p, prefix));
    built = this.buildReader(name, ref);
    this.readers.set(key, built);
    return built;
  }

  private buildReader(name: string, ref: MemberModel | undefined): Reader {
    const shape = this.model.shapes[name]!;
    const join = (prefix: string, part: string): string => (prefix === "" ? part : `${prefix}.${part}`);
    switch (shape.type) {
      case "structure": {
        const members = Object.entries(shape.members ?? {}).map(([m, r]) => ({ m, wire: this.wireName(m, r), read: this.reader(r.shape, r) }));
        return (p, prefix) => {
          if (prefix !== "" && !p.has(prefix)) return undefined;
          const out: Record<string, unknown> = {};
          for (const { m, wire, read } of members) {
            const v = read(p, join(prefix, wire));
            if (v !== undefined) out[m] = v;
          }
          return out;
        };
      }
      case "list": {
        const element = this.reader(shape.member!.shape, shape.member);
        const flat = flattened(ref, shape);
        const memberName = shape.member!.locationName ?? "member";
        // A flattened list whose member has a name is sent under that name in place of the
        // member's own (botocore's query serializer: SQS's AttributeNames as `AttributeName.1`).
        const flatName = flat ? shape.member!.locationName : undefined;
        return (p, prefix) => {
          if (p.values.get(prefix) === "") return [];
          const base = !flat ? `${prefix}.${memberName}` : flatName === undefined ? prefix : renamed(prefix, flatName);
          if (!p.has(base)) return undefined;
          const out: unknown[] = [];
          for (let i = 1; p.has(`${base}.${i}`) && i <= 10000; i++) out.push(element(p, `${base}.${i}`));
          return out;
        };
      }
      case "map": {
        const keyName = shape.key!.locationName ?? "key";
        const valueName = shape.value!.locationName ?? "value";
        const value = this.reader(shape.value!.shape, shape.value);
        const flat = flattened(ref, shape);
        return (p, prefix) => {
          if (p.values.get(prefix) === "") return {};
          const base = flat ? prefix : `${prefix}.entry`;
          if (!p.has(base)) return undefined;
          const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          for (let i = 1; p.has(`${base}.${i}`) && i <= 10000; i++) {
            const k = p.values.get(`${base}.${i}.${keyName}`);
            if (k !== undefined) out[k] = value(p, `${base}.${i}.${valueName}`);
          }
          return out;
        };
      }
      case "integer":
      case "long":
      case "float":
      case "double":
        return (p, prefix) => {
          const v = p.values.get(prefix);
          return v === undefined || v === "" || Number.isNaN(Number(v)) ? v : Number(v);
        };
      case "boolean":
        return (p, prefix) => {
          const v = p.values.get(prefix);
          return v === "true" ? true : v === "false" ? false : v;
        };
      case "timestamp":
        return (p, prefix) => {
          const v = p.values.get(prefix);
          if (v === undefined) return v;
          const d = /^\d+(\.\d+)?$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
          return Number.isNaN(d.getTime()) ? v : d;
        };
      default:
        return (p, prefix) => p.values.get(prefix);
    }
  }

  private writer(name: string, ref?: MemberModel): Writer {
    const key = ref?.flattened ? `${name}/flat` : name;
    const found = this.writers.get(key);
    if (found) return found;
    let built: Writer | undefined;
    this.writers.set(key, (v, n) => (built ??= this.buildWriter(name, ref))(v, n));
    built = this.buildWriter(name, ref);
    this.writers.set(key, built);
    return built;
  }

  private buildWriter(name: string, ref: MemberModel | undefined): Writer {
    const shape = this.model.shapes[name]!;
    switch (shape.type) {
      case "structure": {
        const members = Object.entries(shape.members ?? {}).map(([m, r]) => ({ m, wire: this.wireName(m, r), write: this.writer(r.shape, r) }));
        return (value, n) => {
          if (typeof value !== "object" || value === null) return "";
          const obj = value as Record<string, unknown>;
          let inner = "";
          for (const { m, wire, write } of members) if (obj[m] !== undefined && obj[m] !== null) inner += write(obj[m], wire);
          return n === "" ? inner : `<${n}>${inner}</${n}>`;
        };
      }
      case "list": {
        const element = this.writer(shape.member!.shape, shape.member);
        const flat = flattened(ref, shape);
        const memberName = shape.member!.locationName ?? "member";
        return (value, n) => {
          if (!Array.isArray(value)) return "";
          if (flat) return value.map((e) => element(e, shape.member!.locationName ?? n)).join("");
          return `<${n}>${value.map((e) => element(e, memberName)).join("")}</${n}>`;
        };
      }
      case "map": {
        const keyName = shape.key!.locationName ?? "key";
        const valueName = shape.value!.locationName ?? "value";
        const writeValue = this.writer(shape.value!.shape, shape.value);
        const flat = flattened(ref, shape);
        return (value, n) => {
          if (typeof value !== "object" || value === null) return "";
          const entries = Object.entries(value).map(([k, v]) => `<${keyName}>${escapeXml(k)}</${keyName}>${writeValue(v, valueName)}`);
          if (flat) return entries.map((e) => `<${n}>${e}</${n}>`).join("");
          return `<${n}>${entries.map((e) => `<entry>${e}</entry>`).join("")}</${n}>`;
        };
      }
      case "timestamp":
        return (value, n) => `<${n}>${value instanceof Date ? value.toISOString() : typeof value === "number" ? new Date(value * 1000).toISOString() : escapeXml(String(value))}</${n}>`;
      case "blob":
        return (value, n) => `<${n}>${value instanceof Uint8Array ? Buffer.from(value).toString("base64") : escapeXml(String(value))}</${n}>`;
      default:
        return (value, n) => `<${n}>${escapeXml(String(value))}</${n}>`;
    }
  }
}
