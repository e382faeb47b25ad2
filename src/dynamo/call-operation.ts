/** Runs another DynamoDB operation's handler from inside this service (PartiQL, restores, imports). */
import type { RequestContext } from "../core/context.js";
import { JsonText } from "../core/protocols/index.js";
import type { OperationDef } from "../core/service.js";
import type { DynamoState } from "./state.js";

export type OperationOutput = Record<string, unknown>;

type Handler = (i: unknown, c: RequestContext, st: DynamoState) => unknown;

/** The handler's answer as a plain object (hot paths answer pre-rendered JSON text). */
export async function callOperation(st: DynamoState, op: OperationDef<never, never>, input: Record<string, unknown>, ctx: RequestContext): Promise<OperationOutput> {
  const answer = (await (op.handle as unknown as Handler)(input, ctx, st)) as OperationOutput | JsonText;
  return answer instanceof JsonText ? (JSON.parse(answer.text) as OperationOutput) : answer;
}

/**
 * The answer of a synchronous handler (the item and table operations are), as it gave it: no
 * promise in between, so the caller can run it inside a SQLite transaction or stay synchronous.
 */
export function callOperationSync(st: DynamoState, op: OperationDef<never, never>, input: Record<string, unknown>, ctx: RequestContext): OperationOutput | JsonText {
  const answer = (op.handle as unknown as Handler)(input, ctx, st);
  if (answer instanceof Promise) throw new Error(`${op.name} is not synchronous`);
  return answer as OperationOutput | JsonText;
}

export function plainOutput(answer: OperationOutput | JsonText): OperationOutput {
  return answer instanceof JsonText ? (JSON.parse(answer.text) as OperationOutput) : answer;
}
