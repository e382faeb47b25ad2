import { AdminInitiateAuthCommand, CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { claims, createClient, createPool, createUser, lastCode, PASSWORD } from "./helpers.js";
import { useServer } from "../helpers/index.js";

// The start options --cognito-issuer local and --cognito-code, given as startLocalAws options.
const ctx = useServer({ cognitoIssuer: "local", cognitoCode: "424242" });

describe("start options", () => {
  it("--cognito-issuer local signs tokens with this server's URL as iss; --cognito-code fixes the codes", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito, { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "ann");
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD } }),
    );
    expect(claims(auth.AuthenticationResult!.IdToken!).iss).toBe(`${ctx.endpoint}/${poolId}`);
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: "bob", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "bob@example.com" }] }));
    expect(await lastCode(ctx.endpoint, poolId, "bob")).toBe("424242");
  });
});
