/**
 * Compiles a model's shapes into checking closures, once per shape: a request then runs plain
 * functions (no walk of the model). A check type-checks a value (JSON protocols: SerializationException
 * with coral's wording), records constraint violations in AWS's wording and order, and returns the
 * value (coerced where coral's deserializer coerces: `"true"` for a boolean).
 */
import { jsonToken, lowerFirst, renderBound, renderValue } from "./render.js";
import type { MemberModel, ServiceModel, ShapeModel } from "./types.js";
import { bracketTexts, entrySuffix, MEMBER, patternRegExp, violation, type Check, type CompileOptions, type Render } from "./violations.js";

export { patternRegExp, type Check, type CompileOptions, type Violations } from "./violations.js";

export class ShapeCompiler {
  private readonly checks = new Map<string, Check>();
  private readonly renderers = new Map<string, Render>();
  private readonly opaque: Set<string>;

  constructor(
    private readonly model: ServiceModel,
    private readonly options: CompileOptions,
  ) {
    this.opaque = new Set(options.overrides?.opaque ?? []);
  }

  /** The check of a shape, compiled on first use (recursive shapes go through a trampoline). */
  check(name: string, own = true): Check {
    const cacheKey = own ? name : `${name} inner`;
    const found = this.checks.get(cacheKey);
    if (found) return found;
    let compiled: Check | undefined;
    this.checks.set(cacheKey, (value, path, v) => (compiled ??= this.build(name, own))(value, path, v));
    compiled = this.build(name, own);
    this.checks.set(cacheKey, compiled);
    return compiled;
  }


  /** How a value of this shape is printed in a violation (structures as the style says: coral prints Java objects). */
  renderer(name: string): Render {
    const found = this.renderers.get(name);
    if (found) return found;
    const shape = this.model.shapes[name];
    let render: Render = renderValue;
    if (this.options.overrides?.jsonValues?.includes(name)) render = (value) => JSON.stringify(value);
    else if (shape?.type === "structure" && this.options.style.javaObjects) {
      const members = Object.entries(shape.members ?? {}).map(([m, ref]) => [m, lowerFirst(m), ref.shape] as const);
      render = (value) => {
        if (typeof value !== "object" || value === null || Array.isArray(value)) return renderValue(value);
        const obj = value as Record<string, unknown>;
        const fields = members.map(([m, field, shapeName]) => `${field}=${obj[m] === undefined || obj[m] === null ? "null" : this.renderer(shapeName)(obj[m])}`);
        return `${name}(${fields.join(", ")})`;
      };
    } else if (shape?.type === "list" && shape.member) {
      const member = shape.member.shape;
      render = (value) => (Array.isArray(value) ? `[${value.map((e) => (e === null || e === undefined ? "null" : this.renderer(member)(e))).join(", ")}]` : renderValue(value));
    } else if (shape?.type === "map" && shape.value) {
      const member = shape.value.shape;
      render = (value) => {
        if (typeof value !== "object" || value === null) return renderValue(value);
        const parts: string[] = [];
        for (const [k, e] of Object.entries(value)) parts.push(`${k}=${e === null || e === undefined ? "null" : this.renderer(member)(e)}`);
        return `{${parts.join(", ")}}`;
      };
    }
    this.renderers.set(name, render);
    return render;
  }

  private shape(name: string): ShapeModel {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`model has no shape ${name}`);
    return shape;
  }

  /** `own` false: a map value's check, whose own constraints the map reports in its `Map value must satisfy` form. */
  private build(name: string, own: boolean): Check {
    const shape = this.shape(name);
    if (this.opaque.has(name)) return this.typeOnly(shape);
    switch (shape.type) {
      case "structure":
        return shape.document ? (value) => value : this.structure(name);
      case "list":
        return this.list(name, own);
      case "map":
        return this.map(name, own);
      case "string":
        return this.string(name, own);
      case "integer":
      case "long":
      case "float":
      case "double":
        return this.number(name, own);
      case "boolean":
        return this.boolean();
      case "blob":
        return this.blob(shape);
      case "timestamp":
        return (value) => value;
      default:
        return (value) => value;
    }
  }

  private wrong(message: string): Error {
    return this.options.style.wrongType(message);
  }

  /** For opaque shapes: the JSON type only. */
  private typeOnly(shape: ShapeModel): Check {
    if (!this.options.json) return (value) => value;
    if (shape.type === "structure" || shape.type === "map") {
      return (value) => {
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw this.notAnObject(value);
        return value;
      };
    }
    if (shape.type === "list") return (value) => (Array.isArray(value) ? value : this.notAList(value));
    return (value) => value;
  }

  private notAnObject(value: unknown): Error {
    return this.wrong(Array.isArray(value) ? "Start of list found where not expected" : "Unexpected value type in payload");
  }

  private notAList(value: unknown): never {
    throw this.wrong(typeof value === "object" && value !== null ? "Start of structure or map found where not expected." : `${jsonToken(value)} cannot be converted to List`);
  }

  /** A structure's members are checked in the model's order, or in AWS's where an override gives it. */
  private structure(name: string): Check {
    const shape = this.shape(name);
    const order = this.options.overrides?.memberOrder?.[name];
    const json = this.options.json;
    const constraints = this.options.constraints;
    const declared = Object.keys(shape.members ?? {});
    const names = order ? [...order.filter((m) => declared.includes(m)), ...declared.filter((m) => !order.includes(m))] : declared;
    const required = new Set(shape.required ?? []);
    const deferred = new Set(this.options.overrides?.deferred?.[name] ?? []);
    const members = names.map((member) => ({
      member,
      wire: MEMBER + member,
      dotWire: `.${MEMBER}${member}`,
      required: constraints && required.has(member),
      deferred: deferred.has(member),
      check: this.memberCheck(shape.members![member]!),
    }));
    const count = members.length;
    return (value, path, v) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        if (json) throw this.notAnObject(value);
        // XML: an element holding text and no child elements is a structure with none of its
        // members (its required ones are reported), never text for the handler to trip over.
        if (typeof value !== "string") return value;
        value = Object.create(null) as Record<string, unknown>;
      }
      const obj = value as Record<string, unknown>;
      const top = path === "";
      for (let i = 0; i < count; i++) {
        const m = members[i]!;
        if (m.deferred && v.list.length > 0) continue;
        const member = obj[m.member];
        if (member === undefined || member === null) {
          if (m.required) violation(v, undefined, top ? m.wire : path + m.dotWire, "Member must not be null");
          continue;
        }
        const checked = m.check(member, top ? m.wire : path + m.dotWire, v);
        if (checked !== member) obj[m.member] = checked;
      }
      return value;
    };
  }

  /** A member's check (its shape's, unless the member is bound outside the JSON body). */
  private memberCheck(member: MemberModel, own = true): Check {
    if (member.jsonvalue) return (value) => value;
    let compiled: Check | undefined;
    const name = member.shape;
    return (value, path, v) => (compiled ??= this.check(name, own))(value, path, v);
  }

  private list(name: string, own: boolean): Check {
    const shape = this.shape(name);
    const json = this.options.json;
    const constraints = this.options.constraints && own;
    const render: Render = (value) => this.renderer(name)(value);
    const min = constraints ? shape.min : undefined;
    const max = constraints ? shape.max : undefined;
    const element = this.memberCheck(shape.member!);
    return (value, path, v) => {
      if (!Array.isArray(value)) {
        if (json) this.notAList(value);
        return value;
      }
      for (let i = 0; i < value.length; i++) {
        const e: unknown = value[i];
        const at = path + entrySuffix(i);
        if (e === null || e === undefined) {
          violation(v, undefined, at, "Member must not be null");
          continue;
        }
        const checked = element(e, at, v);
        if (checked !== e) value[i] = checked;
      }
      if (min !== undefined && value.length < min) violation(v, value, path, `Member must have length greater than or equal to ${min}`, render);
      if (max !== undefined && value.length > max) violation(v, value, path, `Member must have length less than or equal to ${max}`, render);
      return value;
    };
  }

  private map(name: string, own: boolean): Check {
    const shape = this.shape(name);
    const json = this.options.json;
    const constraints = this.options.constraints;
    const min = constraints && own ? shape.min : undefined;
    const max = constraints && own ? shape.max : undefined;
    const render: Render = (value) => this.renderer(name)(value);
    const declaredKey = this.shape(shape.key!.shape);
    // Map keys are printed and checked with every tier of their constraints at once.
    const keyShape: ShapeModel = declaredKey.then ? { ...declaredKey, ...declaredKey.then } : declaredKey;
    const valueShapeName = shape.value!.shape;
    const valueShape = this.shape(valueShapeName);
    const keyOk = constraints ? this.scalarPredicate(keyShape) : undefined;
    const valueOk = constraints && !this.opaque.has(valueShapeName) ? this.scalarPredicate(valueShape) : undefined;
    const keyTexts = keyOk ? `Map keys must satisfy constraint: [${bracketTexts(keyShape).join(", ")}]` : "";
    const valueTexts = valueOk ? `Map value must satisfy constraint: [${bracketTexts(valueShape).join(", ")}]` : "";
    const element = this.memberCheck(shape.value!, valueOk === undefined);
    return (value, path, v) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        if (json) throw this.notAnObject(value);
        return value;
      }
      const obj = value as Record<string, unknown>;
      let size = 0;
      let badKey = false;
      let badValue = false;
      for (const key in obj) {
        size++;
        if (keyOk && !badKey && !keyOk(key)) badKey = true;
        const e = obj[key];
        if (e === null || e === undefined) continue;
        if (valueOk && !badValue && !valueOk(e)) badValue = true;
        const checked = element(e, `${path}.${key}.member`, v);
        if (checked !== e) obj[key] = checked;
      }
      if (badKey) violation(v, value, path, keyTexts, render);
      if (badValue) violation(v, value, path, valueTexts, render);
      if (min !== undefined && size < min) violation(v, value, path, `Member must have length greater than or equal to ${min}`, render);
      if (max !== undefined && size > max) violation(v, value, path, `Member must have length less than or equal to ${max}`, render);
      return value;
    };
  }

  /** Whether a value satisfies a shape's own constraints (for map keys and values); undefined when it has none. */
  private scalarPredicate(shape: ShapeModel): ((value: unknown) => boolean) | undefined {
    const { min, max } = shape;
    const regex = shape.pattern !== undefined ? patternRegExp(shape.pattern) : undefined;
    const allowed = shape.enum ? new Set(shape.enum) : undefined;
    if (min === undefined && max === undefined && !regex && !allowed) return undefined;
    const exempt = shape.exempt !== undefined ? new RegExp(shape.exempt) : undefined;
    return (value) => {
      if (typeof value === "number") return (min === undefined || value >= min) && (max === undefined || value <= max);
      const size = typeof value === "string" || Array.isArray(value) ? value.length : typeof value === "object" && value ? Object.keys(value).length : 0;
      if (typeof value === "string") {
        if (exempt?.test(value)) return true;
        if (regex && !regex.test(value)) return false;
        if (allowed && !allowed.has(value)) return false;
      }
      return (min === undefined || size >= min) && (max === undefined || size <= max);
    };
  }

  /** A string shape's check; with an override's `then`, those constraints follow when the model's passed. */
  private string(name: string, own: boolean): Check {
    const shape = this.shape(name);
    const first = this.stringCheck(shape, own);
    if (!shape.then) return first;
    const second = this.stringCheck({ type: "string", ...shape.then }, own);
    return (value, path, v) => {
      const before = v.list.length;
      const out = first(value, path, v);
      if (typeof value === "string" && v.list.length === before) second(value, path, v);
      return out;
    };
  }

  private stringCheck(shape: ShapeModel, own: boolean): Check {
    const json = this.options.json;
    const constraints = this.options.constraints && own;
    const allowed = constraints && shape.enum ? new Set(shape.enum) : undefined;
    const enumText = shape.enum ? `Member must satisfy enum value set: [${shape.enum.join(", ")}]` : "";
    const regex = constraints && shape.pattern !== undefined ? patternRegExp(shape.pattern) : undefined;
    const patternText = `Member must satisfy regular expression pattern: ${shape.pattern}`;
    const min = constraints ? shape.min : undefined;
    const max = constraints ? shape.max : undefined;
    const exempt = shape.exempt !== undefined ? new RegExp(shape.exempt) : undefined;
    if (!json && !allowed && !regex && min === undefined && max === undefined) return (value) => value;
    return (value, path, v) => {
      if (typeof value !== "string") {
        if (json) {
          if (typeof value === "object" && value !== null) {
            throw this.wrong(Array.isArray(value) ? "Unrecognized collection type class java.lang.String" : "Start of structure or map found where not expected.");
          }
          throw this.wrong(`${jsonToken(value)} cannot be converted to String`);
        }
        return value;
      }
      if (exempt?.test(value)) return value;
      if (allowed && !allowed.has(value)) violation(v, value, path, enumText);
      if (regex && !regex.test(value)) violation(v, value, path, patternText);
      if (min !== undefined && value.length < min) violation(v, value, path, `Member must have length greater than or equal to ${min}`);
      if (max !== undefined && value.length > max) violation(v, value, path, `Member must have length less than or equal to ${max}`);
      return value;
    };
  }

  private number(name: string, own: boolean): Check {
    const shape = this.shape(name);
    const json = this.options.json;
    const constraints = this.options.constraints && own;
    const floating = shape.type === "double" || shape.type === "float";
    const javaType = { integer: "Integer", long: "Long", float: "Float", double: "Double" }[shape.type as "integer"];
    const min = constraints ? shape.min : undefined;
    const max = constraints ? shape.max : undefined;
    // Only overrides give numbers an enum (CloudWatch Logs' retention days): the model has none.
    const allowed = constraints && shape.enum ? new Set(shape.enum.map(Number)) : undefined;
    const enumText = shape.enum ? `Member must satisfy enum value set: [${shape.enum.join(", ")}]` : "";
    return (value, path, v) => {
      // A query string, header or URI label that is not a number is refused before any handler
      // sees it (it reached SQLite as text and answered 500: Lambda's ListFunctions?MaxItems=x).
      // A query binding typed as a number hands such a string over as NaN.
      if (typeof value === "string" ? !json && (value.trim() === "" || Number.isNaN(Number(value))) : Number.isNaN(value)) {
        throw this.wrong(`STRING_VALUE cannot be converted to ${javaType}`);
      }
      if (typeof value !== "number") {
        if (!json) {
          if (typeof value !== "string") return value;
        } else if (typeof value === "object" && value !== null) {
          throw this.wrong(Array.isArray(value) ? `Unrecognized collection type class java.lang.${javaType}` : "Start of structure or map found where not expected.");
        } else {
          throw this.wrong(`${jsonToken(value)} cannot be converted to ${javaType}`);
        }
      }
      const n = Number(value);
      if (allowed && !allowed.has(n)) violation(v, value, path, enumText);
      if (min !== undefined && n < min) violation(v, value, path, `Member must have value greater than or equal to ${renderBound(min, floating)}`);
      if (max !== undefined && n > max) violation(v, value, path, `Member must have value less than or equal to ${renderBound(max, floating)}`);
      return value;
    };
  }

  /** Coral's deserializer reads `"true"`, `"1"`, `"yes"` (any case) as true, and their opposites as false. */
  private boolean(): Check {
    if (!this.options.json) return (value) => value;
    return (value) => {
      if (typeof value === "boolean") return value;
      if (typeof value === "string") {
        const upper = value.toUpperCase();
        if (upper === "TRUE" || upper === "1" || upper === "YES") return true;
        if (upper === "FALSE" || upper === "0" || upper === "NO") return false;
        throw this.wrong("Unexpected token received from parser");
      }
      if (typeof value === "object" && value !== null) {
        throw this.wrong(Array.isArray(value) ? "Unrecognized collection type class java.lang.Boolean" : "Start of structure or map found where not expected.");
      }
      throw this.wrong(`${jsonToken(value)} cannot be converted to Boolean`);
    };
  }

  private blob(shape: ShapeModel): Check {
    if (!this.options.json || shape.streaming) return (value) => value;
    return (value) => {
      // A payload bound to the body arrives as bytes (restJson1).
      if (typeof value === "string" || value instanceof Uint8Array) return value;
      if (typeof value === "object" && value !== null) {
        throw this.wrong(Array.isArray(value) ? "Unrecognized collection type class java.nio.ByteBuffer" : "Start of structure or map found where not expected.");
      }
      throw this.wrong("only base-64-encoded strings are convertible to bytes");
    };
  }
}
