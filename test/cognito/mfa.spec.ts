import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, lastCode, messages, PASSWORD } from "./helpers.js";

const ctx = useServer();
const cognito = () => ctx.client(CognitoIdentityProviderClient);

function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: ctx.clock.now().getTime() });
}

async function signIn(clientId: string, username: string) {
  return cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
}

describe("TOTP MFA", () => {
  it("associates, verifies and then asks for a software token code on the virtual clock", async () => {
    const poolId = await createPool(cognito());
    await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "otp");
    const first = await signIn(clientId, "otp");
    const AccessToken = first.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
    expect(SecretCode).toMatch(/^[A-Z2-7]{52}$/);
    await expectAwsError(cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode!) === "000000" ? "111111" : "000000" })), {
      name: "EnableSoftwareTokenMFAException",
    });
    expect((await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode!) }))).Status).toBe("SUCCESS");
    await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "otp" }));
    expect(user.PreferredMfaSetting).toBe("SOFTWARE_TOKEN_MFA");
    expect(user.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA"]);

    await ctx.clock.advance(30_000);
    const challenge = await signIn(clientId, "otp");
    expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect(challenge.AuthenticationResult).toBeUndefined();
    const respond = (code: string) =>
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "otp", SOFTWARE_TOKEN_MFA_CODE: code } }));
    const good = totpCode(SecretCode!);
    await expectAwsError(respond(good === "123456" ? "654321" : "123456"), { name: "CodeMismatchException", message: "Invalid code received for user" });
    const done = await respond(good);
    expect(claims(done.AuthenticationResult!.AccessToken!).username).toBe("otp");
    // The same code cannot be used twice.
    const again = await signIn(clientId, "otp");
    await expectAwsError(
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: again.Session, ChallengeResponses: { USERNAME: "otp", SOFTWARE_TOKEN_MFA_CODE: good } })),
      { name: "CodeMismatchException" },
    );
  });

  it("makes a user set up TOTP when MFA is required (MFA_SETUP)", async () => {
    const poolId = await createPool(cognito());
    await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "setup");
    const started = await signIn(clientId, "setup");
    expect(started.ChallengeName).toBe("MFA_SETUP");
    expect(started.ChallengeParameters).toEqual({ MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' });
    const assoc = await cognito().send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    const verified = await cognito().send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: totpCode(assoc.SecretCode!) }));
    expect(verified.Status).toBe("SUCCESS");
    const done = await cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "MFA_SETUP", Session: verified.Session, ChallengeResponses: { USERNAME: "setup" } }));
    expect(done.AuthenticationResult?.IdToken).toBeDefined();
    await ctx.clock.advance(30_000);
    expect((await signIn(clientId, "setup")).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });
});

describe("SMS and email MFA", () => {
  it("sends an SMS code (captured) and accepts it", async () => {
    const poolId = await createPool(cognito());
    await cognito().send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns" } } }),
    );
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "sms", { phone_number: "+15551234567", phone_number_verified: "true" });
    await cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "sms", SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const challenge = await signIn(clientId, "sms");
    expect(challenge.ChallengeName).toBe("SMS_MFA");
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******4567" });
    const [msg] = (await messages(ctx.endpoint, poolId, "sms")).filter((m) => m.triggerSource === "CustomMessage_Authentication");
    expect(msg).toMatchObject({ medium: "SMS", destination: "+15551234567" });
    const done = await cognito().send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "SMS_MFA", Session: challenge.Session, ChallengeResponses: { USERNAME: "sms", SMS_MFA_CODE: msg!.code! } }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("sends an email OTP and accepts it", async () => {
    const poolId = await createPool(cognito());
    await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: { Message: "Code {####}", Subject: "Your code" } }));
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "mail", { email: "mail@example.com", email_verified: "true" });
    await cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: "mail", EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const challenge = await signIn(clientId, "mail");
    expect(challenge.ChallengeName).toBe("EMAIL_OTP");
    const sent = (await messages(ctx.endpoint, poolId, "mail")).at(-1)!;
    expect(sent.message).toBe(`Code ${sent.code!}`);
    const done = await cognito().send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "EMAIL_OTP", Session: challenge.Session, ChallengeResponses: { USERNAME: "mail", EMAIL_OTP_CODE: await lastCode(ctx.endpoint, poolId, "mail") } }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });
});
