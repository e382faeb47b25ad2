import {
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, PASSWORD } from "./helpers.js";

function client(aws: LocalAws): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
}

async function srpSignIn(cognito: CognitoIdentityProviderClient, poolId: string, clientId: string, username: string, password: string) {
  const session = createSrpSession(username, password, poolId, false);
  const started = await cognito.send(new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: username } })));
  const signed = signSrpSession(session, started);
  return cognito.send(
    new RespondToAuthChallengeCommand(wrapAuthChallenge(signed, { ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: started.ChallengeParameters!.USER_ID_FOR_SRP! } })),
  );
}

describe("persistence", () => {
  it("keeps users, signing keys and refresh tokens across a restart of a data-directory instance", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "la-cognito-restart-"));
    const start = (): Promise<LocalAws> => startLocalAws({ port: 0, dataDir, virtualClock: true, logLevel: "silent" });
    let aws = await start();
    let cognito = client(aws);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "keeper", { email: "keeper@example.com" });
    const before = (await srpSignIn(cognito, poolId, clientId, "keeper", PASSWORD)).AuthenticationResult!;
    const jwksBefore = await (await fetch(`${aws.endpoint}/${poolId}/.well-known/jwks.json`)).text();
    await aws.stop();

    aws = await start();
    cognito = client(aws);
    try {
      expect(await (await fetch(`${aws.endpoint}/${poolId}/.well-known/jwks.json`)).text()).toBe(jwksBefore);
      expect((await cognito.send(new GetUserCommand({ AccessToken: before.AccessToken }))).Username).toBe("keeper");
      const refreshed = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: before.RefreshToken! } }));
      expect(claims(refreshed.AuthenticationResult!.IdToken!)["cognito:username"]).toBe("keeper");
      const again = await srpSignIn(cognito, poolId, clientId, "keeper", PASSWORD);
      expect(again.AuthenticationResult?.AccessToken).toBeDefined();
      // The password itself is not in the database: only a salt and an SRP verifier.
      const { readFileSync, readdirSync } = await import("node:fs");
      const files = readdirSync(dataDir, { recursive: true }).map(String).filter((f) => !f.includes("blobs"));
      for (const f of files) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(dataDir, f));
        } catch {
          continue;
        }
        expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false);
      }
    } finally {
      await aws.stop();
    }
  });

  it("takes part in snapshots: a restore brings users and keys back as they were", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent" });
    const cognito = client(aws);
    try {
      const poolId = await createPool(cognito);
      const { clientId } = await createClient(cognito, poolId);
      await createUser(cognito, poolId, "before");
      const jwks = await (await fetch(`${aws.endpoint}/${poolId}/.well-known/jwks.json`)).text();
      const snap = await aws.snapshot();
      await createUser(cognito, poolId, "after");
      await aws.restore(snap);
      await expect(cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "after", PASSWORD } }))).rejects.toMatchObject({ name: "UserNotFoundException" });
      const ok = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "before", PASSWORD } }));
      expect(ok.AuthenticationResult?.IdToken).toBeDefined();
      expect(await (await fetch(`${aws.endpoint}/${poolId}/.well-known/jwks.json`)).text()).toBe(jwks);
    } finally {
      await aws.stop();
    }
  });

  it("signs in with cognito-srp-helper, and refuses its wrong password", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent" });
    const cognito = client(aws);
    try {
      const poolId = await createPool(cognito);
      const { clientId } = await createClient(cognito, poolId);
      await createUser(cognito, poolId, "helper-user");
      const ok = await srpSignIn(cognito, poolId, clientId, "helper-user", PASSWORD);
      expect(claims(ok.AuthenticationResult!.AccessToken!).username).toBe("helper-user");
      await expect(srpSignIn(cognito, poolId, clientId, "helper-user", "Not-the-passw0rd")).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    } finally {
      await aws.stop();
    }
  });
});
