/**
 * User attributes: the standard schema AWS gives every pool, custom attributes (`custom:` prefix,
 * checked against the schema) and what a client may read or write.
 */
import { errors } from "./errors.js";
import type { Client, Pool, SchemaAttribute } from "./model.js";

const str = (Name: string, Mutable = true, min = "0", max = "2048"): SchemaAttribute => ({
  Name,
  AttributeDataType: "String",
  DeveloperOnlyAttribute: false,
  Mutable,
  Required: false,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (Name: string): SchemaAttribute => ({ Name, AttributeDataType: "Boolean", DeveloperOnlyAttribute: false, Mutable: true, Required: false });

/** The standard attributes, as DescribeUserPool lists them. */
export function standardSchema(): SchemaAttribute[] {
  return [
    str("sub", false, "1", "2048"),
    str("name"),
    str("given_name"),
    str("family_name"),
    str("middle_name"),
    str("nickname"),
    str("preferred_username"),
    str("profile"),
    str("picture"),
    str("website"),
    str("email"),
    bool("email_verified"),
    str("gender"),
    str("birthdate", true, "10", "10"),
    str("zoneinfo"),
    str("locale"),
    str("phone_number"),
    bool("phone_number_verified"),
    str("address"),
    { Name: "updated_at", AttributeDataType: "Number", DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: "0" } },
    { Name: "identities", AttributeDataType: "String", DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: {} },
  ];
}

export const STANDARD_NAMES = new Set(standardSchema().map((a) => a.Name));

/** A schema entry from CreateUserPool/AddCustomAttributes input, standard names merged, custom ones prefixed. */
export function schemaEntry(input: Record<string, unknown>, custom: boolean): SchemaAttribute {
  const name = typeof input.Name === "string" ? input.Name : "";
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u.test(name)) throw errors.invalidParameter(`Invalid attribute name: ${name}`);
  const type = (input.AttributeDataType as SchemaAttribute["AttributeDataType"] | undefined) ?? "String";
  if (!["String", "Number", "DateTime", "Boolean"].includes(type)) throw errors.invalidParameter(`Invalid AttributeDataType: ${String(type)}`);
  const entry: SchemaAttribute = {
    Name: custom ? `custom:${name}` : name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: input.DeveloperOnlyAttribute === true,
    Mutable: input.Mutable !== false,
    Required: input.Required === true,
  };
  if (type === "String") entry.StringAttributeConstraints = { MinLength: "0", MaxLength: "2048", ...(input.StringAttributeConstraints as object | undefined) };
  if (type === "Number") entry.NumberAttributeConstraints = { ...(input.NumberAttributeConstraints as object | undefined) };
  if (custom && entry.Required) throw errors.invalidParameter("Required custom attributes are not supported currently.");
  return entry;
}

export function schemaOf(pool: Pool, name: string): SchemaAttribute | undefined {
  return pool.SchemaAttributes.find((a) => a.Name === name || (a.DeveloperOnlyAttribute && a.Name === `dev:${name}`));
}

/** Whether the client may read (or write) attribute `name`. Without lists, the standard attributes only. */
export function clientAllows(client: Client | undefined, name: string, mode: "read" | "write"): boolean {
  if (!client) return true;
  const list = mode === "read" ? client.ReadAttributes : client.WriteAttributes;
  if (list && list.length > 0) return list.includes(name) || (mode === "read" && name === "sub");
  if (mode === "write" && (name === "email_verified" || name === "phone_number_verified")) return false;
  return STANDARD_NAMES.has(name);
}

export interface AttributeInput {
  Name?: unknown;
  Value?: unknown;
}

/**
 * Checks attributes a request wants to set (SignUp, UpdateUserAttributes, AdminCreateUser...) and
 * returns them as a map. `client` limits them to its write list; admins pass none.
 */
export function checkedAttributes(pool: Pool, list: unknown, client: Client | undefined, what = "userAttributes"): Map<string, string> {
  const out = new Map<string, string>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw errors.invalidParameter(`${what} must be a list.`);
  for (const item of list as AttributeInput[]) {
    if (!item || typeof item.Name !== "string") throw errors.invalidParameter(`1 validation error detected: Value null at '${what}.member.name' failed to satisfy constraint: Member must not be null`);
    const name = item.Name;
    const value = typeof item.Value === "string" ? item.Value : "";
    const schema = schemaOf(pool, name);
    if (!schema) throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.\n`);
    if (name === "sub") throw errors.invalidParameter("Cannot modify the non-mutable attribute sub");
    if (client && !clientAllows(client, name, "write")) throw errors.notAuthorized(`A client attempted to write unauthorized attribute`);
    if (schema.AttributeDataType === "Boolean" && value !== "true" && value !== "false") throw errors.invalidParameter(`${name} must be true or false`);
    if (schema.AttributeDataType === "Number" && value !== "" && !/^-?\d+(\.\d+)?$/.test(value)) throw errors.invalidParameter(`${name} must be a number`);
    const max = Number(schema.StringAttributeConstraints?.MaxLength ?? 2048);
    if (schema.AttributeDataType === "String" && value.length > max) throw errors.invalidParameter(`${what}: ${name} must be at most ${max} characters`);
    if (name === "email" && value !== "" && !/^[^\s@]+@[^\s@]+$/.test(value)) throw errors.invalidParameter("Invalid email address format.");
    if (name === "phone_number" && value !== "" && !/^\+\d{4,15}$/.test(value)) throw errors.invalidParameter("Invalid phone number format.");
    out.set(name, value);
  }
  return out;
}

/** The names of required attributes missing from `attrs`. */
export function missingRequired(pool: Pool, attrs: Record<string, string>): string[] {
  return pool.SchemaAttributes.filter((a) => a.Required && a.Name !== "sub" && !(a.Name in attrs)).map((a) => a.Name);
}

/** ListUsers' Filter: `attr = "v"` or `attr ^= "v"`, on the attributes AWS allows. */
export function parseFilter(filter: string): { name: string; prefix: boolean; value: string } | undefined {
  if (filter.trim() === "") return undefined;
  const m = /^\s*([a-z_]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  const allowed = ["username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username", "cognito:user_status", "status", "sub"];
  if (!m) {
    const m2 = /^\s*(cognito:user_status)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
    if (!m2) throw errors.invalidParameter("Error while parsing filter.");
    return { name: m2[1]!, prefix: m2[2] === "^=", value: m2[3]!.replace(/\\(.)/g, "$1") };
  }
  if (!allowed.includes(m[1]!)) throw errors.invalidParameter("Invalid search attribute: " + m[1]);
  return { name: m[1]!, prefix: m[2] === "^=", value: m[3]!.replace(/\\(.)/g, "$1") };
}
