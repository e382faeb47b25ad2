/**
 * What `--enforce-iam` authorizes in DynamoDB: `dynamodb:<Operation>` on the table (or index) ARN
 * with DynamoDB's condition keys — `dynamodb:LeadingKeys` (the partition key values a request
 * touches: Get/Put/Update/DeleteItem, Query, BatchGet/BatchWriteItem, transactions' items),
 * `dynamodb:Attributes` (projected or written attribute names), `dynamodb:Select`,
 * `dynamodb:ReturnValues`. A Scan carries no LeadingKeys (so `ForAllValues:` conditions pass it,
 * as on AWS). Transactions authorize each item as its own action (PutItem, ConditionCheckItem ...).
 */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";
import type { DynamoState } from "./state.js";
import type { TableMeta } from "./table-meta.js";
import { tableNameOf } from "./tables.js";

type Item = Record<string, Record<string, unknown>>;
type Names = Record<string, string> | undefined;

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function scalarText(v: Record<string, unknown> | undefined): string | undefined {
  if (!v || typeof v !== "object") return undefined;
  if (typeof v.S === "string") return v.S;
  if (typeof v.N === "string") return v.N;
  if (v.B instanceof Uint8Array) return Buffer.from(v.B).toString("base64");
  return typeof v.B === "string" ? v.B : undefined;
}

function tableArn(q: AuthorizationQuery, raw: string): string {
  return raw.startsWith("arn:") ? raw : `arn:aws:dynamodb:${q.region}:${q.accountId}:table/${raw}`;
}

function tableOf(q: AuthorizationQuery, raw: string): TableMeta | undefined {
  try {
    return (q.state as DynamoState).table(q.accountId, q.region, tableNameOf(raw));
  } catch {
    return undefined;
  }
}

function leadingKey(table: TableMeta | undefined, item: unknown): string | undefined {
  if (!table || !item || typeof item !== "object") return undefined;
  return scalarText((item as Item)[table.hash.name]);
}

/** Top-level attribute names of a projection or update expression (`#a.b[0], c` → a, c). */
function expressionNames(expression: string | undefined, names: Names, skip: RegExp): string[] {
  if (!expression) return [];
  const out = new Set<string>();
  for (const m of expression.matchAll(/(?<![\w.#:[])(#?[A-Za-z_][\w-]*)(?![\w(])/g)) {
    const token = m[1]!;
    if (skip.test(token)) continue;
    out.add(token.startsWith("#") ? (names?.[token] ?? token) : token);
  }
  return [...out];
}

const UPDATE_WORDS = /^(SET|REMOVE|ADD|DELETE|AND|OR|NOT|if_not_exists|list_append)$/i;
const NO_WORDS = /^$/;

function partitionFromQuery(q: AuthorizationQuery, table: TableMeta | undefined): string | undefined {
  if (!table) return undefined;
  const names = q.input.ExpressionAttributeNames as Names;
  const values = q.input.ExpressionAttributeValues as Item | undefined;
  const expression = str(q.input.KeyConditionExpression);
  if (expression) {
    for (const m of expression.matchAll(/(#?[\w.-]+)\s*=\s*(:[\w-]+)|(:[\w-]+)\s*=\s*(#?[\w.-]+)/g)) {
      const name = m[1] ?? m[4]!;
      const value = m[2] ?? m[3]!;
      if ((name.startsWith("#") ? names?.[name] : name) === table.hash.name) return scalarText(values?.[value]);
    }
    return undefined;
  }
  const legacy = (q.input.KeyConditions as Record<string, { AttributeValueList?: Record<string, unknown>[] }> | undefined)?.[table.hash.name];
  return scalarText(legacy?.AttributeValueList?.[0]);
}

function common(q: AuthorizationQuery, context: Record<string, string | string[]>): Record<string, string | string[]> {
  const select = str(q.input.Select);
  if (select) context["dynamodb:Select"] = select;
  const returnValues = str(q.input.ReturnValues);
  if (returnValues) context["dynamodb:ReturnValues"] = returnValues;
  return context;
}

function single(q: AuthorizationQuery, action: string): AuthorizationTarget[] {
  const raw = str(q.input.TableName) ?? "";
  const table = tableOf(q, raw);
  const names = q.input.ExpressionAttributeNames as Names;
  const context: Record<string, string | string[]> = {};
  const itemOrKey = q.operation === "PutItem" ? q.input.Item : q.input.Key;
  const leading = q.operation === "Query" ? partitionFromQuery(q, table) : q.operation === "Scan" ? undefined : leadingKey(table, itemOrKey);
  if (leading !== undefined) context["dynamodb:LeadingKeys"] = [leading];
  let attributes: string[] = [];
  if (Array.isArray(q.input.AttributesToGet)) attributes = q.input.AttributesToGet as string[];
  else if (q.input.ProjectionExpression) attributes = expressionNames(str(q.input.ProjectionExpression), names, NO_WORDS);
  else if (q.operation === "PutItem" && q.input.Item && typeof q.input.Item === "object") attributes = Object.keys(q.input.Item);
  else if (q.operation === "UpdateItem") {
    const updates = q.input.AttributeUpdates ? Object.keys(q.input.AttributeUpdates) : expressionNames(str(q.input.UpdateExpression), names, UPDATE_WORDS);
    attributes = [...Object.keys((q.input.Key as object | undefined) ?? {}), ...updates];
  }
  if (attributes.length > 0) context["dynamodb:Attributes"] = attributes;
  const index = str(q.input.IndexName);
  // The table's own ARN when it is known: the same string request after request.
  const arn = table && !raw.startsWith("arn:") ? table.arn : tableArn(q, raw);
  const resource = index ? `${arn}/index/${index}` : arn;
  return [{ action, resource, context: common(q, context) }];
}

function batch(q: AuthorizationQuery, action: string): AuthorizationTarget[] {
  const requests = (q.input.RequestItems ?? {}) as Record<string, unknown>;
  return Object.entries(requests).map(([raw, request]): AuthorizationTarget => {
    const table = tableOf(q, raw);
    const keys: unknown[] = [];
    if (q.operation === "BatchGetItem") keys.push(...(((request as { Keys?: unknown[] }).Keys ?? []) as unknown[]));
    else for (const w of (request as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[]) ?? []) keys.push(w.PutRequest?.Item ?? w.DeleteRequest?.Key);
    const leading = [...new Set(keys.map((k) => leadingKey(table, k)).filter((k): k is string => k !== undefined))];
    return { action, resource: tableArn(q, raw), ...(leading.length ? { context: { "dynamodb:LeadingKeys": leading } } : {}) };
  });
}

const TRANSACT: Record<string, string> = { Get: "GetItem", Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" };

function transact(q: AuthorizationQuery): AuthorizationTarget[] {
  const out: AuthorizationTarget[] = [];
  for (const entry of (q.input.TransactItems ?? []) as Record<string, Record<string, unknown>>[]) {
    for (const [kind, operation] of Object.entries(TRANSACT)) {
      const part = entry[kind];
      if (!part) continue;
      out.push(...single({ ...q, operation, input: part }, `dynamodb:${operation}`));
    }
  }
  return out;
}

/** PartiQL: the statement's verb names the action (PartiQLSelect ...), its first table the resource. */
function partiql(q: AuthorizationQuery, statements: string[]): AuthorizationTarget[] {
  return statements.map((text) => {
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "SELECT";
    const action = `dynamodb:PartiQL${verb === "INSERT" ? "Insert" : verb === "UPDATE" ? "Update" : verb === "DELETE" ? "Delete" : "Select"}`;
    const table = /(?:FROM|INTO|UPDATE)\s+"?([\w.-]+)"?/i.exec(text)?.[1] ?? "*";
    return { action, resource: table === "*" ? "*" : tableArn(q, table) };
  });
}

function targets(q: AuthorizationQuery): AuthorizationTarget[] {
  switch (q.operation) {
    case "BatchGetItem":
    case "BatchWriteItem":
      return batch(q, `dynamodb:${q.operation}`);
    case "TransactGetItems":
    case "TransactWriteItems":
      return transact(q);
    case "ExecuteStatement":
      return partiql(q, [str(q.input.Statement) ?? ""]);
    case "BatchExecuteStatement":
    case "ExecuteTransaction": {
      const list = (q.input.Statements ?? q.input.TransactStatements ?? []) as { Statement?: string }[];
      return partiql(q, list.map((s) => s.Statement ?? ""));
    }
    default:
      if (typeof q.input.TableName === "string") return single(q, `dynamodb:${q.operation}`);
      if (typeof q.input.ResourceArn === "string") return [{ action: `dynamodb:${q.operation}`, resource: q.input.ResourceArn }];
      return [{ action: `dynamodb:${q.operation}`, resource: "*" }];
  }
}

export const dynamoAuthorization: ServiceAuthorization = { targets };
