import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminUpdateUserAttributesCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, lastCode, messages, PASSWORD, secretHash } from "./helpers.js";

const ctx = useServer();
const cognito = () => ctx.client(CognitoIdentityProviderClient);

async function signInTokens(clientId: string, username: string, password = PASSWORD) {
  const out = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));
  return out.AuthenticationResult!;
}

describe("sign-up", () => {
  it("captures the confirmation code, rejects a wrong one, confirms with the right one", async () => {
    const poolId = await createPool(cognito(), { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito(), poolId);
    const up = await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "ann", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "ann@example.com" }] }));
    expect(up.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.CodeDeliveryDetails).toEqual({ Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const [msg] = await messages(ctx.endpoint, poolId, "ann");
    expect(msg).toMatchObject({ medium: "EMAIL", destination: "ann@example.com", triggerSource: "CustomMessage_SignUp" });
    expect(msg!.message).toBe(`Your verification code is ${msg!.code!}. `);
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD } })), {
      name: "UserNotConfirmedException",
      message: "User is not confirmed.",
    });
    await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "ann", ConfirmationCode: "000000" === msg!.code ? "111111" : "000000" })), {
      name: "CodeMismatchException",
      message: "Invalid verification code provided, please try again.",
    });
    await cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "ann" }));
    await cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "ann", ConfirmationCode: await lastCode(ctx.endpoint, poolId, "ann") }));
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ann" }));
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
    await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "ann", ConfirmationCode: "123456" })), {
      name: "NotAuthorizedException",
      message: "User cannot be confirmed. Current status is CONFIRMED",
    });
  });

  it("limits wrong code attempts", async () => {
    const poolId = await createPool(cognito(), { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito(), poolId);
    await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "guesser", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "g@example.com" }] }));
    const code = await lastCode(ctx.endpoint, poolId, "guesser");
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "guesser", ConfirmationCode: wrong })), { name: "CodeMismatchException" });
    await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "guesser", ConfirmationCode: code })), {
      name: "LimitExceededException",
      message: "Attempt limit exceeded, please try after some time.",
    });
    await cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "guesser" }));
    await cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "guesser", ConfirmationCode: await lastCode(ctx.endpoint, poolId, "guesser") }));
  });

  it("expires codes on the clock", async () => {
    const poolId = await createPool(cognito(), { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito(), poolId);
    await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "late", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "late@example.com" }] }));
    await ctx.clock.advance(25 * 3600_000);
    await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "late", ConfirmationCode: await lastCode(ctx.endpoint, poolId, "late") })), {
      name: "ExpiredCodeException",
      message: "Invalid code provided, please request a code again.",
    });
  });

  it("enforces the password policy, uniqueness and the client secret", async () => {
    const poolId = await createPool(cognito());
    const { clientId, secret } = await createClient(cognito(), poolId, { GenerateSecret: true });
    const hash = secretHash(secret!, "joe", clientId);
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: "short", SecretHash: hash })), {
      name: "InvalidPasswordException",
      message: "Password did not conform with policy: Password not long enough",
    });
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: "alllowercase1!", SecretHash: hash })), {
      name: "InvalidPasswordException",
      message: "Password did not conform with policy: Password must have uppercase characters",
    });
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: PASSWORD })), {
      name: "NotAuthorizedException",
      message: `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    });
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: PASSWORD, SecretHash: secretHash(secret!, "other", clientId) })), {
      name: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${clientId}`,
    });
    await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: PASSWORD, SecretHash: hash }));
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "joe", Password: PASSWORD, SecretHash: hash })), {
      name: "UsernameExistsException",
      message: "User already exists",
    });
  });

  it("treats usernames case-sensitively by default and insensitively when configured", async () => {
    const sensitive = await createPool(cognito());
    await createUser(cognito(), sensitive, "Mixed");
    await expectAwsError(cognito().send(new AdminGetUserCommand({ UserPoolId: sensitive, Username: "mixed" })), { name: "UserNotFoundException", message: "User does not exist." });
    const insensitive = await createPool(cognito(), { UsernameConfiguration: { CaseSensitive: false } });
    await createUser(cognito(), insensitive, "Mixed");
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: insensitive, Username: "mIXED" }))).Username).toBe("Mixed");
  });

  it("lets a user sign in with an alias once it is verified", async () => {
    const poolId = await createPool(cognito(), { AliasAttributes: ["email", "preferred_username"], UsernameConfiguration: { CaseSensitive: false } });
    const { clientId } = await createClient(cognito(), poolId);
    await expectAwsError(cognito().send(new SignUpCommand({ ClientId: clientId, Username: "a@b.example", Password: PASSWORD })), {
      name: "InvalidParameterException",
      message: "Username cannot be of email format, since user pool is configured for email alias.",
    });
    await createUser(cognito(), poolId, "aliased", { email: "aliased@example.com", preferred_username: "ali" });
    await expectAwsError(signInTokens(clientId, "aliased@example.com"), { name: "UserNotFoundException" });
    expect(claims((await signInTokens(clientId, "ALI")).IdToken!)["cognito:username"]).toBe("aliased");
    await cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "aliased", UserAttributes: [{ Name: "email_verified", Value: "true" }] }));
    expect(claims((await signInTokens(clientId, "Aliased@Example.com")).IdToken!)["cognito:username"]).toBe("aliased");
  });

  it("checks custom attributes against the schema and the client's write list", async () => {
    const poolId = await createPool(cognito(), { Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
    const plain = await createClient(cognito(), poolId);
    const writer = await createClient(cognito(), poolId, { WriteAttributes: ["email", "custom:tenant"], ReadAttributes: ["email", "custom:tenant"] });
    await expectAwsError(
      cognito().send(new SignUpCommand({ ClientId: plain.clientId, Username: "u1", Password: PASSWORD, UserAttributes: [{ Name: "custom:tenant", Value: "acme" }] })),
      { name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute" },
    );
    await expectAwsError(
      cognito().send(new SignUpCommand({ ClientId: writer.clientId, Username: "u1", Password: PASSWORD, UserAttributes: [{ Name: "custom:nope", Value: "x" }] })),
      { name: "InvalidParameterException" },
    );
    await cognito().send(new SignUpCommand({ ClientId: writer.clientId, Username: "u1", Password: PASSWORD, UserAttributes: [{ Name: "custom:tenant", Value: "acme" }] }));
    await cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "u1" }));
    // A client without a read list sees the standard attributes only; the writer reads its custom one.
    expect(claims((await signInTokens(plain.clientId, "u1")).IdToken!)["custom:tenant"]).toBeUndefined();
    expect(claims((await signInTokens(writer.clientId, "u1")).IdToken!)["custom:tenant"]).toBe("acme");
  });
});

describe("admin users", () => {
  it("creates a user with a temporary password sent in an invitation", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId);
    const out = await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "newbie", UserAttributes: [{ Name: "email", Value: "newbie@example.com" }], DesiredDeliveryMediums: ["EMAIL"] }));
    expect(out.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const [invite] = await messages(ctx.endpoint, poolId, "newbie");
    expect(invite!.triggerSource).toBe("CustomMessage_AdminCreateUser");
    expect(invite!.message).toBe(`Your username is newbie and temporary password is ${invite!.code!}. `);
    const started = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "newbie", PASSWORD: invite!.code! } }));
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(JSON.parse(started.ChallengeParameters!.userAttributes!)).toEqual({ email: "newbie@example.com" });
    await expectAwsError(cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "newbie" })), { name: "UsernameExistsException", message: "User account already exists" });
  });

  it("expires temporary passwords after TemporaryPasswordValidityDays", async () => {
    const poolId = await createPool(cognito(), { Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } } });
    const { clientId } = await createClient(cognito(), poolId);
    await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "slow", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    await ctx.clock.advance(2 * 86_400_000);
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "slow", PASSWORD: "Temp0rary!" } })), {
      name: "NotAuthorizedException",
      message: "Temporary password has expired and must be reset by an administrator.",
    });
  });

  it("lists users with filters and pagination", async () => {
    const poolId = await createPool(cognito());
    for (const [name, email] of [["amy", "amy@a.com"], ["ben", "ben@b.com"], ["amos", "amos@a.com"]] as const) await createUser(cognito(), poolId, name, { email });
    const all = await cognito().send(new ListUsersCommand({ UserPoolId: poolId }));
    expect(all.Users!.map((u) => u.Username)).toEqual(["amos", "amy", "ben"]);
    const prefix = await cognito().send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "am"' }));
    expect(prefix.Users!.map((u) => u.Username)).toEqual(["amos", "amy"]);
    const exact = await cognito().send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "ben@b.com"' }));
    expect(exact.Users!.map((u) => u.Username)).toEqual(["ben"]);
    const page1 = await cognito().send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    const page2 = await cognito().send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: page1.PaginationToken }));
    expect([...page1.Users!, ...page2.Users!].map((u) => u.Username)).toEqual(["amos", "amy", "ben"]);
    expect(page2.PaginationToken).toBeUndefined();
    await expectAwsError(cognito().send(new ListUsersCommand({ UserPoolId: poolId, Filter: "nonsense" })), { name: "InvalidParameterException" });
  });

  it("disables, enables and deletes users", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "dis");
    await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dis" }));
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "dis", PASSWORD } })), {
      name: "NotAuthorizedException",
      message: "User is disabled.",
    });
    await cognito().send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "dis" }));
    await signInTokens(clientId, "dis");
    await cognito().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "dis" }));
    await expectAwsError(cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dis" })), { name: "UserNotFoundException" });
  });

  it("puts group membership in the cognito:groups claim, by precedence", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "grouped");
    const none = await signInTokens(clientId, "grouped");
    expect(claims(none.IdToken!)["cognito:groups"]).toBeUndefined();
    await cognito().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "users", Precedence: 10 }));
    await cognito().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins", Precedence: 1, RoleArn: "arn:aws:iam::000000000000:role/admin" }));
    await expectAwsError(cognito().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins" })), { name: "GroupExistsException" });
    await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: "users", Username: "grouped" }));
    await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: "admins", Username: "grouped" }));
    const tokens = await signInTokens(clientId, "grouped");
    expect(claims(tokens.IdToken!)["cognito:groups"]).toEqual(["admins", "users"]);
    expect(claims(tokens.IdToken!)["cognito:preferred_role"]).toBe("arn:aws:iam::000000000000:role/admin");
    expect(claims(tokens.AccessToken!)["cognito:groups"]).toEqual(["admins", "users"]);
    const groups = await cognito().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "grouped" }));
    expect(groups.Groups!.map((g) => g.GroupName)).toEqual(["admins", "users"]);
    const members = await cognito().send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "users" }));
    expect(members.Users!.map((u) => u.Username)).toEqual(["grouped"]);
  });
});

describe("self-service", () => {
  it("reads, updates and verifies attributes with the access token", async () => {
    const poolId = await createPool(cognito(), { AutoVerifiedAttributes: ["email"] });
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "self", { email: "old@example.com", email_verified: "true" });
    const { AccessToken } = await signInTokens(clientId, "self");
    const me = await cognito().send(new GetUserCommand({ AccessToken }));
    expect(me.Username).toBe("self");
    expect(me.UserAttributes).toContainEqual({ Name: "email", Value: "old@example.com" });
    const updated = await cognito().send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: "new@example.com" }, { Name: "name", Value: "Self" }] }));
    expect(updated.CodeDeliveryDetailsList).toEqual([{ Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" }]);
    let attrs = (await cognito().send(new GetUserCommand({ AccessToken }))).UserAttributes!;
    expect(attrs).toContainEqual({ Name: "email_verified", Value: "false" });
    await cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
    await cognito().send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: await lastCode(ctx.endpoint, poolId, "self") }));
    attrs = (await cognito().send(new GetUserCommand({ AccessToken }))).UserAttributes!;
    expect(attrs).toContainEqual({ Name: "email_verified", Value: "true" });
    expect(attrs).toContainEqual({ Name: "name", Value: "Self" });
    await cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "self", UserAttributes: [{ Name: "family_name", Value: "Admin-set" }] }));
    expect((await cognito().send(new GetUserCommand({ AccessToken }))).UserAttributes).toContainEqual({ Name: "family_name", Value: "Admin-set" });
  });

  it("changes and resets passwords", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId);
    await createUser(cognito(), poolId, "pw", { email: "pw@example.com", email_verified: "true" });
    const { AccessToken } = await signInTokens(clientId, "pw");
    await expectAwsError(cognito().send(new ChangePasswordCommand({ AccessToken, PreviousPassword: "Wrong-passw0rd", ProposedPassword: "Another-passw0rd" })), {
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    await cognito().send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: "Another-passw0rd" }));
    await signInTokens(clientId, "pw", "Another-passw0rd");
    const forgot = await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "pw" }));
    expect(forgot.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    const code = await lastCode(ctx.endpoint, poolId, "pw");
    await cognito().send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "pw", ConfirmationCode: code, Password: "Third-passw0rd" }));
    await signInTokens(clientId, "pw", "Third-passw0rd");
    await expectAwsError(cognito().send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: "pw", ConfirmationCode: code, Password: "Fourth-passw0rd" })), {
      name: "CodeMismatchException",
    });
  });

  it("deletes the signed-in user", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId, { ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await createUser(cognito(), poolId, "gone");
    const out = await cognito().send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "gone", PASSWORD } }));
    await cognito().send(new DeleteUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }));
    await expectAwsError(cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "gone" })), { name: "UserNotFoundException" });
    await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken })), { name: "NotAuthorizedException" });
  });
});
