import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand, GetOpenIdTokenCommand, DescribeIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { identityPoolTrust } from "./helpers.js";

function clients(aws: LocalAws) {
  const config = { endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 };
  return { cid: new CognitoIdentityClient(config), sts: new STSClient(config), iam: new IAMClient(config) };
}

describe("persistence", () => {
  it("keeps pools, identities, roles, issued credentials and the OpenID signing key across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "la-identity-restart-"));
    const start = (): Promise<LocalAws> => startLocalAws({ port: 0, dataDir, virtualClock: true, logLevel: "silent" });
    let aws = await start();
    try {
      let { cid, sts, iam } = clients(aws);
      const { IdentityPoolId } = await cid.send(new CreateIdentityPoolCommand({ IdentityPoolName: "kept", AllowUnauthenticatedIdentities: true }));
      const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId }));
      const { Token } = await cid.send(new GetOpenIdTokenCommand({ IdentityId }));
      const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "000000000000" }, Action: "sts:AssumeRole" }] });
      await iam.send(new CreateRoleCommand({ RoleName: "kept", AssumeRolePolicyDocument: trust }));
      const web = await iam.send(new CreateRoleCommand({ RoleName: "web", AssumeRolePolicyDocument: identityPoolTrust(IdentityPoolId!, "unauthenticated") }));
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/kept", RoleSessionName: "before" }));
      await aws.stop();

      aws = await start();
      ({ cid, sts, iam } = clients(aws));
      expect((await cid.send(new DescribeIdentityPoolCommand({ IdentityPoolId }))).IdentityPoolName).toBe("kept");
      expect((await iam.send(new GetRoleCommand({ RoleName: "kept" }))).Role!.RoleName).toBe("kept");
      const c = assumed.Credentials!;
      const asRole = new STSClient({ endpoint: aws.endpoint, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
      expect((await asRole.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::000000000000:assumed-role/kept/before");
      const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: web.Role!.Arn, RoleSessionName: "after", WebIdentityToken: Token }));
      expect(out.SubjectFromWebIdentityToken).toBe(IdentityId);
    } finally {
      await aws.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
