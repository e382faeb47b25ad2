/** Runs planned PartiQL statements through DynamoDB's own operations. */
import { isAwsError, AwsError } from "../../core/errors.js";
import type { RequestContext } from "../../core/context.js";
import type { Item } from "../attribute-value.js";
import { callOperationSync, plainOutput, type OperationOutput } from "../call-operation.js";
import { JsonText } from "../../core/protocols/index.js";
import { validation } from "../errors.js";
import { deleteItem } from "../operations/delete-item.js";
import { getItem } from "../operations/get-item.js";
import { putItem } from "../operations/put-item.js";
import { query } from "../operations/query.js";
import { scan } from "../operations/scan.js";
import { updateItem } from "../operations/update-item.js";
import type { ReadPlan, WritePlan } from "./plan.js";
import type { DynamoState } from "../state.js";

type Output = OperationOutput;

export function duplicateItem(): AwsError {
  return new AwsError("DuplicateItemException", "Duplicate primary key exists in table");
}

const READS = { GetItem: getItem, Query: query, Scan: scan };

export interface ReadOptions {
  ConsistentRead?: boolean;
  Limit?: number;
  NextToken?: string;
  ReturnConsumedCapacity?: string;
}

/** `{"Item":…}` or `{}` from GetItem's ready JSON as `{"Items":[…]}`, without parsing the item. */
function itemsText(answer: JsonText): JsonText | undefined {
  const t = answer.text;
  if (t === "{}") return new JsonText('{"Items":[]}');
  return t.startsWith('{"Item":') && t.endsWith("}") ? new JsonText(`{"Items":[${t.slice(8, -1)}]}`) : undefined;
}

export function runRead(st: DynamoState, plan: ReadPlan, options: ReadOptions, ctx: RequestContext): Output | JsonText {
  const input: Record<string, unknown> = { ...plan.input, ConsistentRead: options.ConsistentRead, ReturnConsumedCapacity: options.ReturnConsumedCapacity };
  if (plan.op !== "GetItem") {
    input.Limit = options.Limit;
    if (options.NextToken !== undefined) input.ExclusiveStartKey = decodeToken(options.NextToken);
  }
  const answer = callOperationSync(st, READS[plan.op], input, ctx);
  const ready = plan.op === "GetItem" && answer instanceof JsonText ? itemsText(answer) : undefined;
  if (ready) return ready;
  const out = plainOutput(answer);
  if (plan.op === "GetItem") return { Items: out.Item ? [out.Item] : [], ConsumedCapacity: out.ConsumedCapacity };
  const last = out.LastEvaluatedKey as Item | undefined;
  return {
    Items: out.Items,
    ...(last ? { NextToken: Buffer.from(JSON.stringify(last)).toString("base64"), LastEvaluatedKey: last } : {}),
    ConsumedCapacity: out.ConsumedCapacity,
  };
}

function decodeToken(token: string): Item {
  try {
    const key = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as unknown;
    if (key !== null && typeof key === "object" && !Array.isArray(key)) return key as Item;
  } catch {
    // fall through to the error below
  }
  throw validation("Invalid NextToken");
}

const WRITES = { Put: putItem, Update: updateItem, Delete: deleteItem };

export function runWrite(st: DynamoState, plan: WritePlan, options: { ReturnConsumedCapacity?: string; ReturnValuesOnConditionCheckFailure?: string }, ctx: RequestContext): Output {
  if (plan.op === "ConditionCheck") throw validation("Unsupported operation: EXISTS is supported only in ExecuteTransaction");
  const input = {
    ...plan.input,
    ReturnValues: plan.returnValues,
    ReturnConsumedCapacity: options.ReturnConsumedCapacity,
    ReturnValuesOnConditionCheckFailure: options.ReturnValuesOnConditionCheckFailure,
  };
  try {
    const out = plainOutput(callOperationSync(st, WRITES[plan.op], input, ctx));
    return { ...(plan.returnValues && out.Attributes ? { Items: [out.Attributes] } : {}), ConsumedCapacity: out.ConsumedCapacity };
  } catch (e) {
    if (plan.insert && isAwsError(e) && e.code === "ConditionalCheckFailedException") throw duplicateItem();
    throw e;
  }
}
