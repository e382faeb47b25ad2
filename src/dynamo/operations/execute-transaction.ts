import type { ExecuteTransactionInput, ExecuteTransactionOutput, ParameterizedStatement } from "@aws-sdk/client-dynamodb";
import { isAwsError } from "../../core/errors.js";
import type { AttributeValue } from "../attribute-value.js";
import { constraintErrors, transactionCanceled, validation, type CancellationReason } from "../errors.js";
import { callOperation as call } from "../call-operation.js";
import { duplicateItem } from "../partiql/execute.js";
import { parseStatement } from "../partiql/parse.js";
import { builderFor, checkStatementText, isRead, planRead, planWrite, type WritePlan } from "../partiql/plan.js";
import { output } from "../requests.js";
import { Constraints, listOf } from "../validation.js";
import { transactGetItems } from "./transact-get-items.js";
import { transactWriteItems } from "./transact-write-items.js";
import { dynamoOperation } from "../state.js";

export const executeTransaction = dynamoOperation<ExecuteTransactionInput, ExecuteTransactionOutput>({
  name: "ExecuteTransaction",
  async handle(input, ctx, st) {
    const statements = listOf<ParameterizedStatement>(input.TransactStatements, "transactStatements");
    const c = new Constraints();
    if (c.required(statements, "transactStatements") && (statements!.length < 1 || statements!.length > 100)) {
      c.add(`[${statements!.map(() => "ParameterizedStatement").join(", ")}]`, "transactStatements", statements!.length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 100");
    }
    statements?.forEach((s, i) => checkStatementText(c, s.Statement, `transactStatements.${i + 1}.member.statement`));
    if (c.errors.length) throw constraintErrors(c.errors);
    const parsed = statements!.map((s) => ({ request: s, parsed: parseStatement(s.Statement!) }));
    const reads = parsed.filter((p) => isRead(p.parsed.statement)).length;
    if (reads > 0 && reads < parsed.length) throw validation("Unsupported operation: A transaction must contain either only reads or only writes");
    const common = { ReturnConsumedCapacity: input.ReturnConsumedCapacity };
    if (reads > 0) {
      const gets = parsed.map(({ request, parsed: p }) => {
        const s = p.statement;
        if (s.kind !== "select") throw validation("Unsupported operation");
        return { Get: planRead(st, ctx, s, builderFor(p, request.Parameters as AttributeValue[] | undefined), true).input };
      });
      const out = await call(st, transactGetItems, { TransactItems: gets, ...common }, ctx);
      return output({ Responses: out.Responses, ConsumedCapacity: out.ConsumedCapacity }) as ExecuteTransactionOutput;
    }
    const plans: WritePlan[] = parsed.map(({ request, parsed: p }) => {
      const s = p.statement;
      if (s.kind === "select") throw validation("Unsupported operation");
      const plan = planWrite(st, ctx, s, builderFor(p, request.Parameters as AttributeValue[] | undefined));
      return { ...plan, input: { ...plan.input, ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure } };
    });
    try {
      const out = await call(st, transactWriteItems, { TransactItems: plans.map((p) => ({ [p.op]: p.input })), ClientRequestToken: input.ClientRequestToken, ...common }, ctx);
      return output({ ConsumedCapacity: out.ConsumedCapacity }) as ExecuteTransactionOutput;
    } catch (e) {
      if (!isAwsError(e) || e.code !== "TransactionCanceledException") throw e;
      // An INSERT whose key exists is cancelled as DuplicateItem, not as a failed condition.
      const reasons = (e.fields.CancellationReasons as CancellationReason[]).map((r, i) =>
        plans[i]?.insert && r.Code === "ConditionalCheckFailed" ? { Code: "DuplicateItem", Message: duplicateItem().message } : r,
      );
      throw transactionCanceled(reasons);
    }
  },
});
