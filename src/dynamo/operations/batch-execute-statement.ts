import type { BatchExecuteStatementInput, BatchExecuteStatementOutput, BatchStatementRequest } from "@aws-sdk/client-dynamodb";
import { isAwsError, type AwsError } from "../../core/errors.js";
import { plainOutput } from "../call-operation.js";
import type { AttributeValue } from "../attribute-value.js";
import { constraintErrors, validation } from "../errors.js";
import { runRead, runWrite } from "../partiql/execute.js";
import { parseStatement } from "../partiql/parse.js";
import { builderFor, checkStatementText, isRead, planRead, planWrite } from "../partiql/plan.js";
import { output } from "../requests.js";
import { Constraints, listOf } from "../validation.js";
import { dynamoOperation } from "../state.js";

/** BatchStatementError codes are the exception names without "Exception" (ValidationError, ...). */
function errorCode(e: AwsError): string {
  switch (e.code) {
    case "ValidationException":
      return "ValidationError";
    case "ThrottlingException":
      return "ThrottlingError";
    default:
      return e.code.replace(/Exception$/, "");
  }
}

export const batchExecuteStatement = dynamoOperation<BatchExecuteStatementInput, BatchExecuteStatementOutput>({
  name: "BatchExecuteStatement",
  handle(input, ctx, st) {
    const statements = listOf<BatchStatementRequest>(input.Statements, "statements");
    const c = new Constraints();
    if (c.required(statements, "statements") && (statements!.length < 1 || statements!.length > 25)) {
      c.add(`[${statements!.map(() => "BatchStatementRequest").join(", ")}]`, "statements", statements!.length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 25");
    }
    statements?.forEach((s, i) => checkStatementText(c, s.Statement, `statements.${i + 1}.member.statement`));
    if (c.errors.length) throw constraintErrors(c.errors);
    const parsed = statements!.map((s) => {
      try {
        return parseStatement(s.Statement!);
      } catch (e) {
        return e as AwsError;
      }
    });
    const reads = parsed.filter((p) => !isAwsError(p) && isRead(p.statement)).length;
    const writes = parsed.filter((p) => !isAwsError(p) && !isRead(p.statement)).length;
    if (reads > 0 && writes > 0) throw validation("Unsupported operation: A batch must contain either only reads or only writes");
    const responses = [];
    for (const [i, p] of parsed.entries()) {
      const request = statements![i]!;
      let tableName: string | undefined;
      try {
        if (isAwsError(p)) throw p;
        const s = p.statement;
        tableName = s.kind === "exists" ? s.select.table : s.table;
        const b = builderFor(p, request.Parameters as AttributeValue[] | undefined);
        if (s.kind === "select") {
          const out = plainOutput(runRead(st, planRead(st, ctx, s, b, true), { ConsistentRead: request.ConsistentRead }, ctx));
          const items = out.Items as unknown[];
          responses.push(output({ TableName: tableName, Item: items[0] }));
        } else {
          runWrite(st, planWrite(st, ctx, s, b), { ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure }, ctx);
          responses.push({ TableName: tableName });
        }
      } catch (e) {
        if (!isAwsError(e)) throw e;
        const item = e.fields.Item;
        responses.push(output({ TableName: tableName, Error: output({ Code: errorCode(e), Message: e.message, Item: item }) }));
      }
    }
    return { Responses: responses } as BatchExecuteStatementOutput;
  },
});
