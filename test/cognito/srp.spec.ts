import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { modPowN, N, padHex } from "../../src/cognito/srp.js";
import { claims, createClient, createPool, createUser, PASSWORD } from "./helpers.js";

const ctx = useServer();

function signIn(poolId: string, clientId: string, username: string, password: string, flow?: "USER_SRP_AUTH" | "CUSTOM_AUTH"): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: ctx.endpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  if (flow) user.setAuthenticationFlowType(flow);
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error("newPasswordRequired")),
    });
  });
}

describe("SRP arithmetic", () => {
  it("pads hex the Java way", () => {
    expect(padHex(0x14n)).toBe("14");
    expect(padHex(0xecn)).toBe("00ec");
    expect(padHex(0x123n)).toBe("0123");
  });

  it("native modular exponentiation agrees with BigInt", () => {
    const slow = (b: bigint, e: bigint): bigint => {
      let r = 1n;
      let x = b % N;
      let y = e;
      while (y > 0n) {
        if (y & 1n) r = (r * x) % N;
        x = (x * x) % N;
        y >>= 1n;
      }
      return r;
    };
    for (const [b, e] of [[2n, 12345678901234567890n], [N - 5n, 3n ** 80n], [123456789n ** 9n, 987654321n ** 7n]] as const) {
      expect(modPowN(b, e)).toBe(slow(b, e));
    }
  });
});

describe("USER_SRP_AUTH", () => {
  it("signs in through amazon-cognito-identity-js and issues verifiable tokens", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "srp-user", { email: "srp@example.com", email_verified: "true" });
    const session = await signIn(poolId, clientId, "srp-user", PASSWORD);
    const id = claims(session.getIdToken().getJwtToken());
    expect(id["cognito:username"]).toBe("srp-user");
    expect(id.email).toBe("srp@example.com");
    expect(id.iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    expect(session.getRefreshToken().getToken()).toMatch(/\S{50,}/);
  });

  it("signs in with an alias (the email of a username-attributes pool)", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito, { UsernameAttributes: ["email"] });
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "bob@example.com");
    const session = await signIn(poolId, clientId, "bob@example.com", PASSWORD);
    const id = claims(session.getIdToken().getJwtToken());
    expect(id["cognito:username"]).toBe(id.sub);
    expect(id.email).toBe("bob@example.com");
  });

  it("refuses a wrong password with AWS's error", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "carol");
    const err = (await signIn(poolId, clientId, "carol", "Wrong-passw0rd").catch((e: unknown) => e)) as { code?: string; name?: string; message: string };
    expect(err.code ?? err.name).toBe("NotAuthorizedException");
    expect(err.message).toBe("Incorrect username or password.");
  });

  it("asks for a new password after AdminCreateUser (NEW_PASSWORD_REQUIRED)", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dave", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: ctx.endpoint });
    const user = new CognitoUser({ Username: "dave", Pool: pool });
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      user.authenticateUser(new AuthenticationDetails({ Username: "dave", Password: "Temp0rary!" }), {
        onSuccess: resolve,
        onFailure: reject,
        newPasswordRequired: () => user.completeNewPasswordChallenge("Brand-new-passw0rd", {}, { onSuccess: resolve, onFailure: reject }),
      });
    });
    expect(claims(session.getAccessToken().getJwtToken()).username).toBe("dave");
    await signIn(poolId, clientId, "dave", "Brand-new-passw0rd");
  });

  it("rejects a bad SRP_A, a malformed TIMESTAMP and a replayed secret block", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "erin");
    await expectAwsError(cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "erin", SRP_A: N.toString(16) } })), {
      name: "InvalidParameterException",
    });
    await expectAwsError(cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "erin", SRP_A: "zz" } })), {
      name: "InvalidParameterException",
    });
    const started = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "erin", SRP_A: "0a1b2c" } }));
    expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(Object.keys(started.ChallengeParameters ?? {}).sort()).toEqual(["SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"]);
    const respond = (timestamp: string) =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: { USERNAME: "erin", PASSWORD_CLAIM_SECRET_BLOCK: started.ChallengeParameters!.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: "AAAA", TIMESTAMP: timestamp },
        }),
      );
    await expectAwsError(respond("2025-11-04T09:05:01Z"), { name: "InvalidParameterException", message: "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english." });
    await expectAwsError(respond("Tue Nov 4 09:05:01 UTC 2025"), { name: "NotAuthorizedException", message: "Incorrect username or password." });
    await expectAwsError(respond("Tue Nov 4 09:05:01 UTC 2025"), { name: "NotAuthorizedException", message: "Invalid session for the user." });
  });
});
