/** Runs another DynamoDB operation's handler from inside this service (PartiQL, restores). */
import type { RequestContext } from "../core/context.js";
import { JsonText } from "../core/protocols/index.js";
import type { OperationDef } from "../core/service.js";

export type OperationOutput = Record<string, unknown>;

/** The handler's answer as a plain object (hot paths answer pre-rendered JSON text). */
export async function callOperation(op: OperationDef<never, never>, input: Record<string, unknown>, ctx: RequestContext): Promise<OperationOutput> {
  const answer = (await (op.handle as (i: unknown, c: RequestContext) => unknown)(input, ctx)) as OperationOutput | JsonText;
  return answer instanceof JsonText ? (JSON.parse(answer.text) as OperationOutput) : answer;
}
