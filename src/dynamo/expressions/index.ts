/** Parses every expression of one request against its shared attribute names and values. */
import type { Condition, PathNode, UpdateAction } from "./ast.js";
import { ExpressionAttributes } from "./attributes.js";
import { parseCondition, parseProjection, parseUpdate } from "./parser.js";
import { checkNoMixing } from "../legacy.js";
import { checkPathsDisjoint } from "./update.js";

export interface ExpressionInput {
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ProjectionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export interface ParsedExpressions {
  condition?: Condition;
  filter?: Condition;
  key?: Condition;
  projection?: PathNode[];
  update?: UpdateAction[];
}

export function parseExpressions(input: ExpressionInput): ParsedExpressions {
  const { ConditionExpression: ce, FilterExpression: fe, KeyConditionExpression: ke, ProjectionExpression: pe, UpdateExpression: ue } = input;
  const names = input.ExpressionAttributeNames;
  const values = input.ExpressionAttributeValues;
  if (ce === undefined && fe === undefined && ke === undefined && pe === undefined && ue === undefined && names === undefined && values === undefined) return {};
  checkNoMixing(input);
  const attrs = new ExpressionAttributes(names, values, ce !== undefined || fe !== undefined || ke !== undefined || pe !== undefined || ue !== undefined);
  const out: ParsedExpressions = {};
  if (ke !== undefined) out.key = parseCondition(ke, "KeyConditionExpression", attrs);
  if (ue !== undefined) out.update = parseUpdate(ue, attrs);
  if (ce !== undefined) out.condition = parseCondition(ce, "ConditionExpression", attrs);
  if (fe !== undefined) out.filter = parseCondition(fe, "FilterExpression", attrs);
  if (pe !== undefined) {
    out.projection = parseProjection(pe, attrs);
    checkPathsDisjoint(out.projection, "ProjectionExpression");
  }
  attrs.checkUnused();
  return out;
}

export type { Condition, PathNode, UpdateAction } from "./ast.js";
export { evalCondition, project, resolvePath } from "./evaluate.js";
export { applyUpdate, checkUpdate } from "./update.js";
