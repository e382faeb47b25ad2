/** Malformed requests to Cognito Identity, STS and IAM: AWS's client errors, never a 500. */
import { describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-request.js";
import { useServer } from "../helpers/index.js";

const ctx = useServer();
const AUTH = (service: string): string => `AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

async function identity(target: string, body: string): Promise<{ status: number; type: string }> {
  const res = await rawRequest(ctx.endpoint, {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityService.${target}`, authorization: AUTH("cognito-identity") },
    body,
  });
  const parsed = JSON.parse(res.body.toString() || "{}") as { __type?: string };
  return { status: res.status, type: String(parsed.__type ?? "").split("#").pop()! };
}

async function query(service: "sts" | "iam", form: string): Promise<{ status: number; code: string }> {
  const res = await rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded", authorization: AUTH(service) }, body: form });
  return { status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(res.body.toString())?.[1] ?? "" };
}

describe("bad input", () => {
  it("Cognito Identity: wrong types, junk tokens and unknown ids are client errors", async () => {
    expect((await identity("GetId", "{not json")).status).toBe(400);
    expect(await identity("GetId", JSON.stringify({ IdentityPoolId: 5 }))).toMatchObject({ status: 400 });
    expect(await identity("GetId", JSON.stringify({ IdentityPoolId: "us-east-1:00000000-0000-0000-0000-000000000000" }))).toEqual({ status: 400, type: "ResourceNotFoundException" });
    const created = await identity("CreateIdentityPool", JSON.stringify({ IdentityPoolName: "junk", AllowUnauthenticatedIdentities: true, SupportedLoginProviders: { "graph.facebook.com": "1" } }));
    expect(created.status).toBe(200);
    const pools = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityService.ListIdentityPools", authorization: AUTH("cognito-identity") },
      body: JSON.stringify({ MaxResults: 60, NextToken: "%%%not-a-token" }),
    });
    expect(pools.status).toBe(200);
    for (const token of ["", "a.b.c", "x".repeat(5000), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]) {
      const res = await identity("GetId", JSON.stringify({ IdentityPoolId: "us-east-1:00000000-0000-0000-0000-000000000000", Logins: { "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc": token } }));
      expect(res.status).toBeLessThan(500);
    }
  });

  it("STS and IAM: missing parameters, junk ARNs and junk documents are client errors", async () => {
    expect(await query("sts", "Action=AssumeRole&Version=2011-06-15")).toMatchObject({ status: 400, code: "ValidationError" });
    expect(await query("sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Auser%2Fnot-a-role&RoleSessionName=abc")).toEqual({ status: 403, code: "AccessDenied" });
    expect(await query("sts", "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fx&RoleSessionName=abc&WebIdentityToken=a.b.c")).toEqual({
      status: 400,
      code: "InvalidIdentityToken",
    });
    expect(await query("iam", "Action=CreateRole&Version=2010-05-08&RoleName=r1&AssumeRolePolicyDocument=%7B%22Statement%22%3A5%7D")).toEqual({ status: 400, code: "MalformedPolicyDocument" });
    expect(await query("iam", "Action=CreateRole&Version=2010-05-08&RoleName=r1&AssumeRolePolicyDocument=%5B%5D")).toEqual({ status: 400, code: "MalformedPolicyDocument" });
    expect(await query("iam", "Action=GetPolicy&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Apolicy%2Fnope")).toEqual({ status: 404, code: "NoSuchEntity" });
    expect(await query("iam", "Action=ListRoles&Version=2010-05-08&Marker=%25%25junk")).toMatchObject({ status: 200 });
  });
});
