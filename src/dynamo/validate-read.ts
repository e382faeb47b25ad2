/**
 * Query and Scan checks DynamoDB makes after the model's and before reading: Select without a
 * projection, and the legacy KeyConditions (worded as DynamoDB words them, not as
 * KeyConditionExpression errors).
 */
import { invalidParameter, validation } from "./errors.js";
import type { KeyDef } from "./table-meta.js";

const SPECIFIC_WITHOUT_PROJECTION = "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES";

interface SelectInput {
  Select?: string;
  ProjectionExpression?: string;
  AttributesToGet?: string[];
}

/** Scan answers the sentence bare; Query inside coral's envelope (as observed on DynamoDB). */
export function checkSelect(input: SelectInput, operation: "Query" | "Scan"): void {
  if (input.Select !== "SPECIFIC_ATTRIBUTES" || input.ProjectionExpression !== undefined || input.AttributesToGet !== undefined) return;
  throw validation(operation === "Query" ? `1 validation error detected: ${SPECIFIC_WITHOUT_PROJECTION}` : SPECIFIC_WITHOUT_PROJECTION);
}

interface LegacyKeyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: object[];
}

const INDEXABLE = new Set(["EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"]);

/** KeyConditions against the key schema of the table or index read, in DynamoDB's order and words. */
export function checkKeyConditions(conditions: Record<string, LegacyKeyCondition>, hash: KeyDef, range: KeyDef | undefined): void {
  const count = Object.keys(conditions).length;
  if (count !== 1 && count !== 2) throw validation("Conditions can be of length 1 or 2 only");
  for (const def of range ? [hash, range] : [hash]) {
    const isHash = def === hash;
    if (isHash && !range && count > 1) throw validation("Query key condition not supported");
    const condition = Object.hasOwn(conditions, def.name) ? conditions[def.name] : undefined;
    if (!condition) {
      if (isHash || count > 1) throw validation(`Query condition missed key schema element: ${def.name}`);
      continue;
    }
    const op = condition.ComparisonOperator ?? "";
    if (!INDEXABLE.has(op)) throw validation("Attempted conditional constraint is not an indexable operation");
    if ((condition.AttributeValueList ?? []).some((v) => (v as Record<string, unknown> | null)?.[def.type] === undefined)) throw invalidParameter("Condition parameter type does not match schema type");
    if (isHash && op !== "EQ") throw validation("Query key condition not supported");
    if (op === "BEGINS_WITH" && def.type === "N") throw validation("Query key condition not supported");
  }
}
