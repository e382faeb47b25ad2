/** Tables addressed by ARN (the tagging operations). */
import type { RequestContext } from "../core/context.js";
import { parseArn } from "../core/arn.js";
import { resourceNotFound, validation } from "./errors.js";
import type { TableMeta } from "./table-meta.js";
import { Constraints } from "./validation.js";
import type { DynamoState } from "./state.js";

/** `missing`: the error for a well-formed ARN naming no table (default ResourceNotFoundException). */
export function tableByArn(st: DynamoState, ctx: RequestContext, arn: unknown, missing?: (arn: string) => Error): TableMeta {
  const c = new Constraints();
  c.required(arn, "resourceArn");
  c.throwIfAny();
  const parsed = parseArn(String(arn));
  if (!parsed || parsed.service !== "dynamodb" || !parsed.resource.startsWith("table/")) throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${String(arn)}`);
  const name = parsed.resource.slice(6).split("/")[0]!;
  const table = parsed.accountId === ctx.accountId && parsed.region === ctx.region ? st.table(ctx.accountId, ctx.region, name) : undefined;
  if (!table && missing) throw missing(String(arn));
  if (!table) throw resourceNotFound(`Requested resource not found: ResourcArn: ${String(arn)} not found`);
  return table;
}
