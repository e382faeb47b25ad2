import type { ExecuteStatementInput, ExecuteStatementOutput } from "@aws-sdk/client-dynamodb";
import { JsonText } from "../../core/protocols/index.js";
import { defineOperation } from "../../core/service.js";
import type { AttributeValue } from "../attribute-value.js";
import { output } from "../requests.js";
import { runRead, runWrite } from "../partiql/execute.js";
import { parseStatement } from "../partiql/parse.js";
import { builderFor, checkStatementText, planRead, planWrite } from "../partiql/plan.js";
import { Constraints } from "../validation.js";

export const executeStatement = defineOperation<ExecuteStatementInput, ExecuteStatementOutput>({
  name: "ExecuteStatement",
  handle(input, ctx) {
    const c = new Constraints();
    checkStatementText(c, input.Statement, "statement");
    c.range(input.Limit, "limit", 1, undefined);
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.throwIfAny();
    const parsed = parseStatement(input.Statement!);
    const b = builderFor(parsed, input.Parameters as AttributeValue[] | undefined);
    const s = parsed.statement;
    const answer = s.kind === "select" ? runRead(planRead(ctx, s, b, false), input, ctx) : runWrite(planWrite(ctx, s, b), input, ctx);
    return (answer instanceof JsonText ? answer : output(answer)) as ExecuteStatementOutput;
  },
});
