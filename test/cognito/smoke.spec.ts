import { CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand, ConfirmSignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { createClient, createPool, lastCode, PASSWORD } from "./helpers.js";

const ctx = useServer();

describe("smoke", () => {
  it("signs up, confirms and signs in", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito, { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito, poolId);
    const up = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: "alice", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "alice@example.com" }] }));
    expect(up.UserConfirmed).toBe(false);
    const code = await lastCode(ctx.endpoint, poolId, "alice");
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "alice", ConfirmationCode: code }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } }));
    expect(auth.AuthenticationResult?.IdToken).toBeDefined();
  });
});
