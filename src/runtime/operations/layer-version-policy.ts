import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import { lambdaOperation } from "../state.js";
import type { Runtime } from "../runtime.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { getLayerVersionRow, parseLayerName, parseVersionNumber, type LayerStatement } from "../layers.js";

interface Target {
  LayerName: string;
  VersionNumber: string;
  RevisionId?: string;
}

function target(input: Target, ctx: RequestContext, rt: Runtime) {
  const { scope, name } = parseLayerName(ctx, input.LayerName);
  const row = getLayerVersionRow(rt, scope, name, parseVersionNumber(input.VersionNumber));
  if (input.RevisionId !== undefined && input.RevisionId !== row.revision) {
    throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id");
  }
  return { row, policy: JSON.parse(row.policy) as LayerStatement[] };
}

export const addLayerVersionPermission = lambdaOperation<Target & { StatementId?: string; Action?: string; Principal?: string; OrganizationId?: string }, { Statement: string; RevisionId: string }>({
  name: "AddLayerVersionPermission",
  handle(input, ctx, rt) {
    const problems: string[] = [];
    if (!input.StatementId || !/^([a-zA-Z0-9-_]+)$/.test(input.StatementId)) problems.push(`Value '${input.StatementId ?? "null"}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)`);
    if (input.Action !== "lambda:GetLayerVersion") problems.push(`Value '${input.Action ?? "null"}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion`);
    if (!input.Principal || !/^(\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/.test(input.Principal)) problems.push(`Value '${input.Principal ?? "null"}' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root`);
    if (problems.length > 0) throw validationErrors(problems);
    const { row, policy } = target(input, ctx, rt);
    if (policy.some((s) => s.Sid === input.StatementId)) {
      throw lambdaErrors.conflict(`The statement id (${input.StatementId}) provided already exists. Please specify a new statement id, or remove the existing statement.`);
    }
    const principal = input.Principal!.startsWith("arn:") ? input.Principal!.split(":")[4]! : input.Principal!;
    const statement: LayerStatement = {
      Sid: input.StatementId!,
      Effect: "Allow",
      Principal: principal,
      Action: "lambda:GetLayerVersion",
      Resource: `arn:aws:lambda:${row.region}:${row.account}:layer:${row.name}:${row.version}`,
      ...(input.OrganizationId ? { Condition: { StringEquals: { "aws:PrincipalOrgID": input.OrganizationId } } } : {}),
    };
    const revision = randomUUID();
    rt.stmts.setLayerPolicy.run(JSON.stringify([...policy, statement]), revision, row.account, row.region, row.name, row.version);
    return { Statement: JSON.stringify(statement), RevisionId: revision };
  },
});

export const removeLayerVersionPermission = lambdaOperation<Target & { StatementId: string }, void>({
  name: "RemoveLayerVersionPermission",
  handle(input, ctx, rt) {
    const { row, policy } = target(input, ctx, rt);
    const rest = policy.filter((s) => s.Sid !== input.StatementId);
    if (rest.length === policy.length) throw lambdaErrors.resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
    rt.stmts.setLayerPolicy.run(JSON.stringify(rest), randomUUID(), row.account, row.region, row.name, row.version);
  },
});

export const getLayerVersionPolicy = lambdaOperation<Target, { Policy: string; RevisionId: string }>({
  name: "GetLayerVersionPolicy",
  handle(input, ctx, rt) {
    const { row, policy } = target(input, ctx, rt);
    if (policy.length === 0) throw lambdaErrors.resourceNotFound("No policy is associated with the given resource.");
    return { Policy: JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: policy }), RevisionId: row.revision };
  },
});
