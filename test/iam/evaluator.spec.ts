/** The policy evaluator (unit): decisions as IAM makes them. */
import { describe, expect, it } from "vitest";
import { parsePolicy, type PolicyDocument } from "../../src/iam/policy/document.js";
import { evaluate, type AuthorizationRequest } from "../../src/iam/policy/evaluate.js";

const TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/notes";
const SUB = "cognito-identity.amazonaws.com:sub";

function policy(statements: object[], version = "2012-10-17"): PolicyDocument {
  return parsePolicy(JSON.stringify({ Version: version, Statement: statements }), "identity");
}

function decide(policies: PolicyDocument[], request: Partial<AuthorizationRequest>): string {
  return evaluate(policies, { action: "dynamodb:GetItem", resource: TABLE, context: {}, ...request }).decision;
}

const ownRows = policy([
  {
    Effect: "Allow",
    Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
    Resource: TABLE,
    Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] } },
  },
]);

describe("policy evaluation", () => {
  it("denies implicitly, allows a matching statement, and an explicit Deny wins", () => {
    const allow = policy([{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }]);
    const deny = policy([{ Effect: "Deny", Action: "dynamodb:Get*", Resource: "arn:aws:dynamodb:*:*:table/not?s" }]);
    expect(decide([], {})).toBe("ImplicitDeny");
    expect(decide([allow], {})).toBe("Allow");
    expect(decide([allow, deny], {})).toBe("ExplicitDeny");
    expect(decide([allow, deny], { action: "dynamodb:PutItem" })).toBe("Allow");
  });

  it("matches actions ignoring case and resources exactly, with wildcards", () => {
    const p = policy([{ Effect: "Allow", Action: "DynamoDB:getitem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/Notes*" }]);
    expect(decide([p], { resource: `${TABLE.replace("notes", "Notes")}/index/byDate` })).toBe("Allow");
    expect(decide([p], {})).toBe("ImplicitDeny");
  });

  it("applies NotAction and NotResource", () => {
    const p = policy([{ Effect: "Allow", NotAction: "dynamodb:Delete*", NotResource: "arn:aws:dynamodb:*:*:table/secret" }]);
    expect(decide([p], {})).toBe("Allow");
    expect(decide([p], { action: "dynamodb:DeleteItem" })).toBe("ImplicitDeny");
    expect(decide([p], { resource: "arn:aws:dynamodb:us-east-1:000000000000:table/secret" })).toBe("ImplicitDeny");
  });

  it("fences a user to its own partition with ${cognito-identity.amazonaws.com:sub}", () => {
    const me = "us-east-1:11111111-1111-1111-1111-111111111111";
    expect(decide([ownRows], { context: { [SUB]: me, "dynamodb:LeadingKeys": [me] } })).toBe("Allow");
    expect(decide([ownRows], { context: { [SUB]: me, "dynamodb:LeadingKeys": ["us-east-1:someone-else"] } })).toBe("ImplicitDeny");
    expect(decide([ownRows], { context: { [SUB]: me, "dynamodb:LeadingKeys": [`${me}#x`] } })).toBe("ImplicitDeny");
    // ForAllValues holds for an absent key (a Scan has no leading keys), as on AWS.
    expect(decide([ownRows], { context: { [SUB]: me } })).toBe("Allow");
    // Without the variable's value the condition matches nothing.
    expect(decide([ownRows], { context: { "dynamodb:LeadingKeys": [me] } })).toBe("ImplicitDeny");
  });

  it("substitutes variables only in Version 2012-10-17, with defaults", () => {
    const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" };
    const request = { action: "s3:GetObject", resource: "arn:aws:s3:::b/alice/f", context: { "aws:username": "alice" } };
    expect(decide([policy([statement])], request)).toBe("Allow");
    expect(decide([policy([statement], "2008-10-17")], request)).toBe("ImplicitDeny");
    expect(decide([policy([statement], "2008-10-17")], { ...request, resource: "arn:aws:s3:::b/${aws:username}/f" })).toBe("Allow");
    const withDefault = policy([{ ...statement, Resource: "arn:aws:s3:::b/${aws:username, 'shared'}/*" }]);
    expect(decide([withDefault], { ...request, resource: "arn:aws:s3:::b/shared/f", context: {} })).toBe("Allow");
  });

  it("evaluates StringLike, ForAnyValue, IfExists, Null and negated operators on absent keys", () => {
    const like = policy([{ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalTag/team": "data-*" } } }]);
    expect(decide([like], { context: { "aws:PrincipalTag/team": "data-eng" } })).toBe("Allow");
    expect(decide([like], { context: { "aws:principaltag/team": "data-eng" } })).toBe("Allow");
    expect(decide([like], { context: {} })).toBe("ImplicitDeny");
    const any = policy([{ Effect: "Allow", Action: "*", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "dynamodb:Attributes": ["a", "b"] } } }]);
    expect(decide([any], { context: { "dynamodb:Attributes": ["z", "b"] } })).toBe("Allow");
    expect(decide([any], { context: {} })).toBe("ImplicitDeny");
    const ifExists = policy([{ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEqualsIfExists: { "dynamodb:Select": "SPECIFIC_ATTRIBUTES" } } }]);
    expect(decide([ifExists], { context: {} })).toBe("Allow");
    expect(decide([ifExists], { context: { "dynamodb:Select": "ALL_ATTRIBUTES" } })).toBe("ImplicitDeny");
    const isNull = policy([{ Effect: "Deny", Action: "*", Resource: "*", Condition: { Null: { "aws:TokenIssueTime": "true" } } }]);
    expect(decide([ifExists, isNull], { context: {} })).toBe("ExplicitDeny");
    expect(decide([ifExists, isNull], { context: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" } })).toBe("Allow");
    const notEquals = policy([{ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } } }]);
    expect(decide([ifExists, notEquals], { context: {} })).toBe("ExplicitDeny");
    expect(decide([ifExists, notEquals], { context: { "aws:RequestedRegion": "eu-west-1" } })).toBe("Allow");
  });

  it("compares numbers, dates and booleans", () => {
    const p = policy([
      {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { NumericLessThanEquals: { "s3:max-keys": "10" }, DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" }, Bool: { "aws:SecureTransport": "true" } },
      },
    ]);
    expect(decide([p], { context: { "s3:max-keys": "10", "aws:CurrentTime": "2026-12-07T00:00:00Z", "aws:SecureTransport": "true" } })).toBe("Allow");
    expect(decide([p], { context: { "s3:max-keys": "11", "aws:CurrentTime": "2026-12-07T00:00:00Z", "aws:SecureTransport": "true" } })).toBe("ImplicitDeny");
    expect(decide([p], { context: { "s3:max-keys": "1", "aws:CurrentTime": "2031-01-01T00:00:00Z", "aws:SecureTransport": "true" } })).toBe("ImplicitDeny");
  });

  it("matches trust policies' principals", () => {
    const trust = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root"], Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }), "trust");
    expect(evaluate([trust], { action: "sts:AssumeRole", principal: { Service: ["lambda.amazonaws.com"] }, context: {} }).decision).toBe("Allow");
    expect(evaluate([trust], { action: "sts:AssumeRole", principal: { AWS: ["arn:aws:iam::111122223333:user/x", "arn:aws:iam::111122223333:root"] }, context: {} }).decision).toBe("Allow");
    expect(evaluate([trust], { action: "sts:AssumeRole", principal: { Service: ["ec2.amazonaws.com"] }, context: {} }).decision).toBe("ImplicitDeny");
  });
});
