import { describe, expect, it } from "vitest";
import { evaluateAnonymous, statementsOf, wildcardMatch } from "../../src/s3/policy-eval.js";

const policy = (statements: object[]) => statementsOf(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
const read = { Effect: "Allow", Principal: "*", Action: ["s3:Get*"], Resource: "arn:aws:s3:::b/public/*" };

describe("the anonymous bucket-policy evaluator", () => {
  it("matches * and ? wildcards without backtracking blow-ups", () => {
    expect(wildcardMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c")).toBe(true);
    expect(wildcardMatch("arn:aws:s3:::b/?.txt", "arn:aws:s3:::b/a.txt")).toBe(true);
    expect(wildcardMatch("arn:aws:s3:::b/?.txt", "arn:aws:s3:::b/ab.txt")).toBe(false);
    expect(wildcardMatch("*a*a*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
  });

  it("allows what a Principal * statement allows (actions case-insensitively), and nothing else", () => {
    const s = policy([read]);
    expect(evaluateAnonymous(s, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("allow");
    expect(evaluateAnonymous(s, "S3:GETOBJECT", "arn:aws:s3:::b/public/x", {})).toBe("allow");
    expect(evaluateAnonymous(s, "s3:PutObject", "arn:aws:s3:::b/public/x", {})).toBe("none");
    expect(evaluateAnonymous(s, "s3:GetObject", "arn:aws:s3:::b/private/x", {})).toBe("none");
    expect(evaluateAnonymous(policy([{ ...read, Principal: { AWS: "arn:aws:iam::123456789012:root" } }]), "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("none");
  });

  it("lets an explicit Deny win, with NotAction / NotResource / NotPrincipal", () => {
    const s = policy([read, { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, NotAction: "s3:GetObjectTagging", NotResource: "arn:aws:s3:::b/public/ok" }]);
    expect(evaluateAnonymous(s, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("deny");
    expect(evaluateAnonymous(s, "s3:GetObject", "arn:aws:s3:::b/public/ok", {})).toBe("allow");
    expect(evaluateAnonymous(s, "s3:GetObjectTagging", "arn:aws:s3:::b/public/x", {})).toBe("allow");
  });

  it("evaluates conditions: missing keys, negated operators, IfExists, Null, and unknown operators", () => {
    const referer = policy([{ ...read, Condition: { StringLike: { "aws:Referer": ["https://example.com/*"] } } }]);
    expect(evaluateAnonymous(referer, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:referer": "https://example.com/page" })).toBe("allow");
    expect(evaluateAnonymous(referer, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("none");
    const notReferer = policy([read, { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotLike: { "aws:Referer": "https://example.com/*" } } }]);
    expect(evaluateAnonymous(notReferer, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("deny");
    expect(evaluateAnonymous(notReferer, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:referer": "https://example.com/" })).toBe("allow");
    const ifExists = policy([{ ...read, Condition: { StringEqualsIfExists: { "s3:prefix": "public/" } } }]);
    expect(evaluateAnonymous(ifExists, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("allow");
    const isNull = policy([{ ...read, Condition: { Null: { "aws:Referer": "true" } } }]);
    expect(evaluateAnonymous(isNull, "s3:GetObject", "arn:aws:s3:::b/public/x", {})).toBe("allow");
    expect(evaluateAnonymous(isNull, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:referer": "x" })).toBe("none");
    const ip = policy([{ ...read, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }]);
    expect(evaluateAnonymous(ip, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:sourceip": "10.1.2.3" })).toBe("none");
    const secure = policy([read, { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }]);
    expect(evaluateAnonymous(secure, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:securetransport": "false" })).toBe("deny");
    expect(evaluateAnonymous(secure, "s3:GetObject", "arn:aws:s3:::b/public/x", { "aws:securetransport": "true" })).toBe("allow");
  });

  it("treats a policy that does not parse as no statements", () => {
    expect(statementsOf("{not json")).toEqual([]);
    expect(statementsOf(JSON.stringify({ Statement: read }))).toHaveLength(1);
  });
});
