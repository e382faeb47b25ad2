/**
 * SNS subscription filter policies: matching message attributes (FilterPolicyScope
 * MessageAttributes) or the JSON body (MessageBody), with AWS's operators: exact values, prefix,
 * suffix, anything-but, numeric ranges, exists, equals-ignore-case and `$or`.
 */
import { snsErrors } from "../errors.js";
import type { SnsMessageAttribute } from "./model.js";

type Policy = Record<string, unknown>;
/** A value to match: strings and numbers; `undefined` when the key is absent. */
type Values = (string | number)[] | undefined;

export function parseFilterPolicy(text: string, scope: string): Policy {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw snsErrors.invalidParameter("Invalid parameter: FilterPolicy: failed to parse JSON.");
  }
  if (!policy || typeof policy !== "object" || Array.isArray(policy)) throw snsErrors.invalidParameter("Invalid parameter: FilterPolicy: Filter policy must be a JSON object");
  checkPolicy(policy as Policy, scope === "MessageBody");
  return policy as Policy;
}

function checkPolicy(policy: Policy, nested: boolean): void {
  for (const [key, rule] of Object.entries(policy)) {
    if (key === "$or") {
      if (!Array.isArray(rule)) throw snsErrors.invalidParameter("Invalid parameter: FilterPolicy: $or must be an array");
      for (const p of rule) checkPolicy(p as Policy, nested);
    } else if (Array.isArray(rule)) {
      if (rule.length === 0) throw snsErrors.invalidParameter(`Invalid parameter: FilterPolicy: Empty arrays are not allowed`);
    } else if (nested && rule && typeof rule === "object") {
      checkPolicy(rule as Policy, nested);
    } else {
      throw snsErrors.invalidParameter(`Invalid parameter: FilterPolicy: "${key}" must be an object or an array`);
    }
  }
}

function attributeValues(a: SnsMessageAttribute | undefined): Values {
  if (!a) return undefined;
  if (a.DataType === "String.Array") {
    try {
      const arr = JSON.parse(a.StringValue ?? "[]") as unknown[];
      return arr.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
    } catch {
      return [];
    }
  }
  if (a.DataType.startsWith("Number")) return [Number(a.StringValue)];
  if (a.DataType.startsWith("Binary")) return [];
  return [a.StringValue ?? ""];
}

function matchCondition(cond: unknown, values: Values): boolean {
  if (cond === null) return values !== undefined && values.length === 0;
  if (typeof cond === "string" || typeof cond === "number") return values !== undefined && values.some((v) => v === cond || (typeof cond === "number" && Number(v) === cond));
  if (typeof cond !== "object") return false;
  const c = cond as Record<string, unknown>;
  if ("exists" in c) return c.exists ? values !== undefined : values === undefined;
  if (values === undefined) return false;
  if ("prefix" in c) return values.some((v) => typeof v === "string" && v.startsWith(String(c.prefix)));
  if ("suffix" in c) return values.some((v) => typeof v === "string" && v.endsWith(String(c.suffix)));
  if ("equals-ignore-case" in c) return values.some((v) => typeof v === "string" && v.toLowerCase() === String(c["equals-ignore-case"]).toLowerCase());
  if ("anything-but" in c) {
    const but = c["anything-but"];
    if (but && typeof but === "object" && !Array.isArray(but)) return values.every((v) => !matchCondition(but, [v]));
    const list = Array.isArray(but) ? but : [but];
    return values.every((v) => !list.some((b) => b === v || (typeof b === "number" && Number(v) === b)));
  }
  if ("numeric" in c) {
    const ops = c.numeric as unknown[];
    return values.some((v) => {
      const n = Number(v);
      if (Number.isNaN(n)) return false;
      for (let i = 0; i + 1 < ops.length; i += 2) {
        const bound = Number(ops[i + 1]);
        const ok = { "=": n === bound, "<": n < bound, "<=": n <= bound, ">": n > bound, ">=": n >= bound }[String(ops[i])];
        if (!ok) return false;
      }
      return true;
    });
  }
  return false;
}

function matchRule(rule: unknown, values: Values): boolean {
  const conditions = Array.isArray(rule) ? rule : [rule];
  return conditions.some((c) => matchCondition(c, values));
}

export function matchesAttributes(policy: Policy, attributes: Record<string, SnsMessageAttribute> | undefined): boolean {
  return Object.entries(policy).every(([key, rule]) =>
    key === "$or" ? (rule as Policy[]).some((p) => matchesAttributes(p, attributes)) : matchRule(rule, attributeValues(attributes?.[key])),
  );
}

function bodyValues(value: unknown): Values {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
}

export function matchesBody(policy: Policy, body: unknown): boolean {
  const obj = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return Object.entries(policy).every(([key, rule]) => {
    if (key === "$or") return (rule as Policy[]).some((p) => matchesBody(p, body));
    if (rule && typeof rule === "object" && !Array.isArray(rule)) return matchesBody(rule as Policy, obj[key]);
    return matchRule(rule, bodyValues(obj[key]));
  });
}

/** Whether a message passes a subscription's filter policy (none means everything passes). */
export function passesFilter(attrs: Record<string, string>, message: string, attributes: Record<string, SnsMessageAttribute> | undefined): boolean {
  if (!attrs.FilterPolicy) return true;
  const policy = JSON.parse(attrs.FilterPolicy) as Policy;
  if (attrs.FilterPolicyScope === "MessageBody") {
    let body: unknown;
    try {
      body = JSON.parse(message);
    } catch {
      return false;
    }
    return matchesBody(policy, body);
  }
  return matchesAttributes(policy, attributes);
}
