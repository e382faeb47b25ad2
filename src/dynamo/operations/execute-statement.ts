import type { ExecuteStatementInput, ExecuteStatementOutput } from "@aws-sdk/client-dynamodb";
import { JsonText } from "../../core/protocols/index.js";
import type { AttributeValue } from "../attribute-value.js";
import { output } from "../requests.js";
import { runRead, runWrite } from "../partiql/execute.js";
import { lookupByKey } from "../partiql/key-lookup.js";
import { parseStatement } from "../partiql/parse.js";
import { builderFor, checkStatementText, planRead, planWrite } from "../partiql/plan.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const executeStatement = dynamoOperation<ExecuteStatementInput, ExecuteStatementOutput>({
  name: "ExecuteStatement",
  handle(input, ctx, st) {
    const c = new Constraints();
    checkStatementText(c, input.Statement, "statement");
    c.range(input.Limit, "limit", 1, undefined);
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.throwIfAny();
    const parsed = parseStatement(input.Statement!);
    const found = lookupByKey(st, ctx, parsed, input.Parameters as AttributeValue[] | undefined, input.ReturnConsumedCapacity);
    if (found) return found as ExecuteStatementOutput;
    const b = builderFor(parsed, input.Parameters as AttributeValue[] | undefined);
    const s = parsed.statement;
    const answer = s.kind === "select" ? runRead(st, planRead(st, ctx, s, b, false), input, ctx) : runWrite(st, planWrite(st, ctx, s, b), input, ctx);
    return (answer instanceof JsonText ? answer : output(answer)) as ExecuteStatementOutput;
  },
});
