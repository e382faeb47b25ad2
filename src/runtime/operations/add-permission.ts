import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { POLICY_LIMIT, principalOf, type AddInput, type Statement } from "../policy.js";

export const addPermission = lambdaOperation<AddInput, { Statement: string }>({
  name: "AddPermission",
  handle(input, ctx, rt) {
    const problems: string[] = [];
    if (!input.StatementId || !/^([a-zA-Z0-9-_.]+)$/.test(input.StatementId)) problems.push(`Value '${input.StatementId ?? "null"}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)`);
    if (!input.Action || !/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(input.Action)) problems.push(`Value '${input.Action ?? "null"}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`);
    if (!input.Principal) problems.push("Value null at 'principal' failed to satisfy constraint: Member must not be null");
    if (problems.length > 0) throw validationErrors(problems);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const policy = JSON.parse(f.row.policy) as Statement[];
    if (policy.some((s) => s.Sid === input.StatementId)) {
      throw lambdaErrors.conflict("The statement id (sid) provided already exists. Please specify a new statement id, or remove the existing statement.");
    }
    const condition: Statement["Condition"] = {};
    if (input.SourceArn) condition.ArnLike = { "AWS:SourceArn": input.SourceArn };
    if (input.SourceAccount) condition.StringEquals = { "AWS:SourceAccount": input.SourceAccount };
    if (input.PrincipalOrgID) condition.StringEquals = { ...(condition.StringEquals ?? {}), "aws:PrincipalOrgID": input.PrincipalOrgID };
    if (input.FunctionUrlAuthType) condition.StringEquals = { ...(condition.StringEquals ?? {}), "lambda:FunctionUrlAuthType": input.FunctionUrlAuthType };
    if (input.InvokedViaFunctionUrl) condition.Bool = { "lambda:InvokedViaFunctionUrl": "true" };
    const statement: Statement = {
      Sid: input.StatementId!,
      Effect: "Allow",
      Principal: principalOf(input.Principal!),
      Action: input.Action!,
      Resource: f.invokedArn,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    const next = [...policy, statement];
    if (JSON.stringify(next).length > POLICY_LIMIT) throw lambdaErrors.policyLengthExceeded();
    rt.stmts.setPolicy.run(JSON.stringify(next), ctx.accountId, ctx.region, f.name);
    return { Statement: JSON.stringify(statement) };
  },
});
