/**
 * restXml bodies as the model says: a parsed XML document (objects, arrays for repeated elements,
 * text as strings) read into a typed input, and outputs written with the model's element names,
 * list member names, flattening and ISO 8601 timestamps. Compiled once per shape.
 */
import { escapeXml } from "../protocols/xml.js";
import type { MemberModel, ServiceModel, ShapeModel } from "./types.js";

type Reader = (value: unknown) => unknown;
type Writer = (value: unknown, name: string) => string;

const asArray = (v: unknown): unknown[] => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);

export class XmlShapes {
  private readonly readers = new Map<string, Reader>();
  private readonly writers = new Map<string, Writer>();

  constructor(private readonly model: ServiceModel) {}

  /** The typed value of `shape` from a parsed element's content. */
  read(shape: string, value: unknown): unknown {
    return this.reader(shape)(value);
  }

  /** `<name>...</name>` for a value of `shape`; `xmlns` on this element when given. */
  write(shape: string, value: unknown, name: string, xmlns?: string): string {
    const inner = this.writer(shape)(value, "");
    return `<${name}${xmlns ? ` xmlns="${xmlns}"` : ""}>${inner}</${name}>`;
  }

  private memo<T>(cache: Map<string, T>, key: string, build: () => T, lazy: (get: () => T) => T): T {
    const found = cache.get(key);
    if (found) return found;
    let built: T | undefined;
    cache.set(key, lazy(() => (built ??= build())));
    built = build();
    cache.set(key, built);
    return built;
  }

  private reader(name: string): Reader {
    return this.memo(this.readers, name, () => this.buildReader(this.model.shapes[name]!), (get) => (v) => get()(v));
  }

  private writer(name: string, ref?: MemberModel): Writer {
    const key = ref?.flattened ? `${name}/flat` : name;
    return this.memo(this.writers, key, () => this.buildWriter(this.model.shapes[name]!, ref), (get) => (v, n) => get()(v, n));
  }

  private buildReader(shape: ShapeModel): Reader {
    switch (shape.type) {
      case "structure": {
        const members = Object.entries(shape.members ?? {})
          .filter(([, r]) => !r.location)
          .map(([m, r]) => {
            const target = this.model.shapes[r.shape]!;
            const flat = (target.type === "list" || target.type === "map") && (r.flattened || target.flattened);
            // A flattened list's elements are named by the list member's name first (as botocore reads them).
            const listName = flat && target.type === "list" ? target.member?.locationName : undefined;
            return { m, wire: listName ?? r.locationName ?? m, flat, shape: r.shape, read: this.reader(r.shape) };
          });
        return (value) => {
          if (typeof value !== "object" || value === null) return value === "" ? {} : value;
          const src = value as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          for (const { m, wire, flat, shape, read } of members) {
            const v = src[wire];
            if (v === undefined) continue;
            // A flattened list or map repeats its elements in place: read them as the wrapped form.
            out[m] = flat ? this.readFlat(shape, v) : read(v);
          }
          return out;
        };
      }
      case "list": {
        const memberName = shape.member!.locationName ?? "member";
        const element = this.reader(shape.member!.shape);
        return (value) => asArray(typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[memberName] : undefined).map(element);
      }
      case "map": {
        const keyName = shape.key!.locationName ?? "key";
        const valueName = shape.value!.locationName ?? "value";
        const element = this.reader(shape.value!.shape);
        return (value) => {
          const entries = typeof value === "object" && value !== null ? asArray((value as Record<string, unknown>).entry) : [];
          const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          for (const e of entries as Record<string, unknown>[]) if (e && typeof e[keyName] === "string") out[e[keyName] as string] = element(e[valueName]);
          return out;
        };
      }
      case "integer":
      case "long":
      case "float":
      case "double":
        return (value) => (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value);
      case "boolean":
        return (value) => (value === "true" ? true : value === "false" ? false : value);
      case "timestamp":
        return (value) => {
          if (typeof value !== "string") return value;
          const d = new Date(value);
          return Number.isNaN(d.getTime()) ? value : d;
        };
      case "blob":
        return (value) => (typeof value === "string" ? Buffer.from(value, "base64") : value);
      default:
        return (value) => (typeof value === "object" && value !== null ? "" : value);
    }
  }

  private readFlat(shape: string, value: unknown): unknown {
    const s = this.model.shapes[shape]!;
    if (s.type === "list") return asArray(value).map(this.reader(s.member!.shape));
    return this.reader(shape)({ entry: value });
  }

  private buildWriter(shape: ShapeModel, ref: MemberModel | undefined): Writer {
    const wrap = (n: string, inner: string): string => (n === "" ? inner : `<${n}>${inner}</${n}>`);
    switch (shape.type) {
      case "structure": {
        const members = Object.entries(shape.members ?? {})
          .filter(([, r]) => !r.location)
          .map(([m, r]) => ({ m, wire: r.locationName ?? m, write: this.writer(r.shape, r), attribute: r.xmlAttribute === true }));
        return (value, n) => {
          if (typeof value !== "object" || value === null) return "";
          const obj = value as Record<string, unknown>;
          let inner = "";
          for (const { m, wire, write, attribute } of members) if (!attribute && obj[m] !== undefined && obj[m] !== null) inner += write(obj[m], wire);
          return wrap(n, inner);
        };
      }
      case "list": {
        const flat = ref?.flattened === true || shape.flattened === true;
        const memberName = shape.member!.locationName ?? "member";
        const element = this.writer(shape.member!.shape, shape.member);
        return (value, n) => {
          if (!Array.isArray(value)) return "";
          if (flat) return value.map((e) => element(e, shape.member!.locationName ?? n)).join("");
          return wrap(n, value.map((e) => element(e, memberName)).join(""));
        };
      }
      case "map": {
        const flat = ref?.flattened === true || shape.flattened === true;
        const keyName = shape.key!.locationName ?? "key";
        const valueName = shape.value!.locationName ?? "value";
        const writeValue = this.writer(shape.value!.shape, shape.value);
        return (value, n) => {
          if (typeof value !== "object" || value === null) return "";
          const entries = Object.entries(value).map(([k, v]) => `<${keyName}>${escapeXml(k)}</${keyName}>${writeValue(v, valueName)}`);
          if (flat) return entries.map((e) => wrap(n, e)).join("");
          return wrap(n, entries.map((e) => `<entry>${e}</entry>`).join(""));
        };
      }
      case "timestamp":
        return (value, n) => wrap(n, value instanceof Date ? value.toISOString() : escapeXml(String(value)));
      case "blob":
        return (value, n) => wrap(n, value instanceof Uint8Array ? Buffer.from(value).toString("base64") : escapeXml(String(value)));
      default:
        return (value, n) => wrap(n, escapeXml(String(value)));
    }
  }
}
