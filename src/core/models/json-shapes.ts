/**
 * JSON bodies (restJson1) as the model names and types them: wire names (`locationName`,
 * e.g. API Gateway's `item` for `items`) and timestamps (Date in handlers; epoch seconds or
 * ISO 8601 on the wire, per member). Compiled per shape; a shape with neither needs no walk
 * (its transform is undefined and the codec passes the value through).
 */
import type { ServiceModel, ShapeModel } from "./types.js";

export type Transform = (value: unknown) => unknown;
type Direction = "in" | "out";

export class JsonShapes {
  private readonly cache = new Map<string, Transform | null>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly model: ServiceModel,
    /** restJson1's default for timestamps without a timestampFormat. */
    private readonly defaultFormat: "unixTimestamp" | "iso8601" = "unixTimestamp",
  ) {}

  /** Wire JSON → handler input (undefined: nothing to change). */
  input(shape: string): Transform | undefined {
    return this.transform(shape, "in") ?? undefined;
  }

  /** Handler output → wire JSON (undefined: nothing to change). */
  output(shape: string): Transform | undefined {
    return this.transform(shape, "out") ?? undefined;
  }

  private transform(name: string, dir: Direction, format?: string): Transform | null {
    const key = `${dir}:${name}:${format ?? ""}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    // A recursive shape: assume it needs a walk, resolve lazily through the cache.
    if (this.pending.has(key)) return (value) => (this.cache.get(key) ?? ((v: unknown) => v))(value);
    this.pending.add(key);
    const built = this.build(this.model.shapes[name], dir, format);
    this.pending.delete(key);
    this.cache.set(key, built);
    return built;
  }

  private build(shape: ShapeModel | undefined, dir: Direction, format: string | undefined): Transform | null {
    if (!shape) return null;
    switch (shape.type) {
      case "timestamp":
        return this.timestamp(dir, format ?? shape.timestampFormat ?? this.defaultFormat);
      case "list": {
        const element = this.transform(shape.member!.shape, dir, shape.member!.timestampFormat);
        if (!element) return null;
        return (value) => (Array.isArray(value) ? value.map((e) => (e === null ? e : element(e))) : value);
      }
      case "map": {
        const element = this.transform(shape.value!.shape, dir, shape.value!.timestampFormat);
        if (!element) return null;
        return (value) => {
          if (typeof value !== "object" || value === null) return value;
          const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          for (const [k, v] of Object.entries(value)) out[k] = v === null ? v : element(v);
          return out;
        };
      }
      case "structure":
        return this.structure(shape, dir);
      default:
        return null;
    }
  }

  private structure(shape: ShapeModel, dir: Direction): Transform | null {
    const fields: { from: string; to: string; transform: Transform | null }[] = [];
    let needed = false;
    for (const [name, m] of Object.entries(shape.members ?? {})) {
      if (m.location) continue;
      const wire = m.locationName ?? name;
      const transform = this.transform(m.shape, dir, m.timestampFormat);
      if (wire !== name || transform) needed = true;
      fields.push(dir === "in" ? { from: wire, to: name, transform } : { from: name, to: wire, transform });
    }
    if (!needed) return null;
    return (value) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const known = new Set<string>();
      for (const f of fields) {
        known.add(f.from);
        const v = src[f.from];
        if (v === undefined) continue;
        out[f.to] = f.transform && v !== null ? f.transform(v) : v;
      }
      // Members the model does not know pass through (handlers may add what a newer model has).
      for (const k in src) if (k !== "__proto__" && !known.has(k) && !(k in out)) out[k] = src[k];
      return out;
    };
  }

  private timestamp(dir: Direction, format: string): Transform {
    if (dir === "in") {
      return (value) => {
        if (typeof value === "number") return new Date(value * 1000);
        if (typeof value === "string" && value !== "") {
          const n = Number(value);
          const d = Number.isNaN(n) ? new Date(value) : new Date(n * 1000);
          return Number.isNaN(d.getTime()) ? value : d;
        }
        return value;
      };
    }
    if (format === "iso8601") return (value) => (value instanceof Date ? value.toISOString() : value);
    if (format === "rfc822") return (value) => (value instanceof Date ? value.toUTCString() : value);
    return (value) => (value instanceof Date ? value.getTime() / 1000 : value);
  }
}
