import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  AdminGetUserCommand,
  type LambdaConfigType,
  AdminCreateUserCommand,
  CreateResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, lastCode, messages, PASSWORD } from "./helpers.js";

const ctx = useServer();
const cognito = () => ctx.client(CognitoIdentityProviderClient);

async function fn(source: string): Promise<string> {
  const name = uniqueName("trigger");
  const out = await ctx.client(LambdaClient).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Handler: "index.handler",
      Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) },
    }),
  );
  return out.FunctionArn!;
}

async function poolWith(config: LambdaConfigType, extra = {}) {
  const poolId = await createPool(cognito(), { LambdaConfig: config, AutoVerifiedAttributes: ["email"], ...extra });
  const { clientId } = await createClient(cognito(), poolId);
  return { poolId, clientId };
}

const PRE_SIGN_UP = `exports.handler = async (event) => {
  if ((event.request.userAttributes.email || "").endsWith("@blocked.example")) throw new Error("Blocked domain");
  if (event.request.validationData && event.request.validationData.auto === "yes") {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};`;

describe("sign-up triggers", () => {
  it("PreSignUp auto-confirms, or refuses with AWS's UserLambdaValidationException", async () => {
    const { poolId, clientId } = await poolWith({ PreSignUp: await fn(PRE_SIGN_UP) });
    await expectAwsError(
      cognito().send(new SignUpCommand({ ClientId: clientId, Username: "bad", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "x@blocked.example" }] })),
      { name: "UserLambdaValidationException", status: 400, message: "PreSignUp failed with error Blocked domain." },
    );
    const out = await cognito().send(
      new SignUpCommand({ ClientId: clientId, Username: "auto", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "auto@example.com" }], ValidationData: [{ Name: "auto", Value: "yes" }] }),
    );
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "auto" }));
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
    // AdminCreateUser runs PreSignUp too, and ignores its flags.
    await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "admin-made", MessageAction: "SUPPRESS" }));
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "admin-made" }))).UserStatus).toBe("FORCE_CHANGE_PASSWORD");
  });

  it("PostConfirmation runs on confirmation (its failure is the caller's error)", async () => {
    const { poolId, clientId } = await poolWith({ PostConfirmation: await fn(`exports.handler = async (e) => { throw new Error("saw " + e.triggerSource + " for " + e.request.userAttributes.email); };`) });
    await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "pc", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "pc@example.com" }] }));
    await expectAwsError(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "pc", ConfirmationCode: await lastCode(ctx.endpoint, poolId, "pc") })), {
      name: "UserLambdaValidationException",
      message: "PostConfirmation failed with error saw PostConfirmation_ConfirmSignUp for pc@example.com.",
    });
  });

  it("CustomMessage shapes the message that is captured", async () => {
    const { poolId, clientId } = await poolWith({
      CustomMessage: await fn(`exports.handler = async (e) => { if (e.triggerSource === "CustomMessage_SignUp") { e.response.emailSubject = "Welcome"; e.response.emailMessage = "Hi " + e.request.userAttributes.email + ", code " + e.request.codeParameter; } return e; };`),
    });
    await cognito().send(new SignUpCommand({ ClientId: clientId, Username: "cm", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "cm@example.com" }] }));
    const [msg] = await messages(ctx.endpoint, poolId, "cm");
    expect(msg!.message).toBe(`Hi cm@example.com, code ${msg!.code!}`);
  });
});

describe("authentication triggers", () => {
  it("PreAuthentication can refuse a sign-in; PostAuthentication runs after it", async () => {
    const { poolId, clientId } = await poolWith({
      PreAuthentication: await fn(`exports.handler = async (e) => { if (e.userName === "blocked") throw new Error("Not today"); return e; };`),
      PostAuthentication: await fn(`exports.handler = async (e) => { if (e.userName === "late") throw new Error("post " + e.triggerSource); return e; };`),
    });
    for (const name of ["blocked", "late", "fine"]) await createUser(cognito(), poolId, name);
    const auth = (USERNAME: string) => cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME, PASSWORD } }));
    await expectAwsError(auth("blocked"), { name: "UserLambdaValidationException", message: "PreAuthentication failed with error Not today." });
    await expectAwsError(auth("late"), { name: "UserLambdaValidationException", message: "PostAuthentication failed with error post PostAuthentication_Authentication." });
    expect((await auth("fine")).AuthenticationResult).toBeDefined();
  });

  it("PreTokenGeneration V1 adds and suppresses ID token claims and overrides groups", async () => {
    const source = `exports.handler = async (e) => {
      e.response.claimsOverrideDetails = {
        claimsToAddOrOverride: { tenant: "acme", seen: [e.version, e.triggerSource, e.callerContext.clientId, Object.keys(e.request).sort().join(",")].join("|") },
        claimsToSuppress: ["email"],
        groupOverrideDetails: { groupsToOverride: ["virtual"] },
      };
      return e;
    };`;
    const { poolId, clientId } = await poolWith({ PreTokenGeneration: await fn(source) });
    await createUser(cognito(), poolId, "pt", { email: "pt@example.com" });
    const r = (await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "pt", PASSWORD } }))).AuthenticationResult!;
    const id = claims(r.IdToken!);
    expect(id.tenant).toBe("acme");
    expect(id.email).toBeUndefined();
    expect(id["cognito:groups"]).toEqual(["virtual"]);
    expect(id.seen).toBe(`1|TokenGeneration_Authentication|${clientId}|clientMetadata,groupConfiguration,scopes,userAttributes`);
  });

  it("PreTokenGeneration V2 changes the access token's claims and scopes", async () => {
    const source = `exports.handler = async (e) => {
      e.response.claimsAndScopeOverrideDetails = {
        idTokenGeneration: { claimsToAddOrOverride: { plan: "gold" } },
        accessTokenGeneration: { claimsToAddOrOverride: { roles: ["reader"] }, scopesToAdd: ["api/read"], scopesToSuppress: [] },
      };
      return e;
    };`;
    const { poolId, clientId } = await poolWith({ PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: await fn(source) } });
    await createUser(cognito(), poolId, "v2");
    const r = (await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "v2", PASSWORD } }))).AuthenticationResult!;
    expect(claims(r.IdToken!).plan).toBe("gold");
    const access = claims(r.AccessToken!);
    expect(access.roles).toEqual(["reader"]);
    expect(access.scope).toBe("aws.cognito.signin.user.admin api/read");
  });

  it("PreTokenGeneration V3 shapes machine-to-machine (client_credentials) tokens", async () => {
    const source = `exports.handler = async (e) => {
      e.response.claimsAndScopeOverrideDetails = { accessTokenGeneration: { claimsToAddOrOverride: { tenant: e.triggerSource }, scopesToAdd: ["orders/audit"] } };
      return e;
    };`;
    const poolId = await createPool(cognito(), { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: "V3_0", LambdaArn: await fn(source) } } });
    await cognito().send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "orders", Name: "Orders", Scopes: [{ ScopeName: "read", ScopeDescription: "r" }, { ScopeName: "audit", ScopeDescription: "a" }] }));
    const { clientId, secret } = await createClient(cognito(), poolId, { GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["orders/read"] });
    const res = await fetch(`${ctx.endpoint}/_aws/cognito/${poolId}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${secret!}`).toString("base64")}` },
      body: "grant_type=client_credentials&scope=orders%2Fread",
    });
    expect(res.status).toBe(200);
    const access = claims(((await res.json()) as { access_token: string }).access_token);
    expect(access.tenant).toBe("TokenGeneration_ClientCredentials");
    expect(access.scope).toBe("orders/read orders/audit");
  });

  it("CUSTOM_AUTH runs Define, Create and Verify until the answer is right", async () => {
    const define = await fn(`exports.handler = async (e) => {
      const s = e.request.session;
      if (s.length && s[s.length - 1].challengeResult) { e.response.issueTokens = true; e.response.failAuthentication = false; }
      else if (s.length >= 3) { e.response.issueTokens = false; e.response.failAuthentication = true; }
      else { e.response.challengeName = "CUSTOM_CHALLENGE"; e.response.issueTokens = false; e.response.failAuthentication = false; }
      return e;
    };`);
    const create = await fn(`exports.handler = async (e) => { e.response.publicChallengeParameters = { question: "6 x 7?" }; e.response.privateChallengeParameters = { answer: "42" }; e.response.challengeMetadata = "Q" + e.request.session.length; return e; };`);
    const verify = await fn(`exports.handler = async (e) => { e.response.answerCorrect = e.request.challengeAnswer === e.request.privateChallengeParameters.answer; return e; };`);
    const { poolId, clientId } = await poolWith({ DefineAuthChallenge: define, CreateAuthChallenge: create, VerifyAuthChallengeResponse: verify });
    await createUser(cognito(), poolId, "quiz");
    const start = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "quiz" } }));
    expect(start.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(start.ChallengeParameters).toEqual({ question: "6 x 7?", USERNAME: "quiz" });
    const wrong = await cognito().send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: start.Session, ChallengeResponses: { USERNAME: "quiz", ANSWER: "41" } }),
    );
    expect(wrong.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const right = await cognito().send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: wrong.Session, ChallengeResponses: { USERNAME: "quiz", ANSWER: "42" } }),
    );
    expect(claims(right.AuthenticationResult!.IdToken!)["cognito:username"]).toBe("quiz");
    // A used session cannot be answered again.
    await expectAwsError(
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "CUSTOM_CHALLENGE", Session: wrong.Session, ChallengeResponses: { USERNAME: "quiz", ANSWER: "42" } })),
      { name: "NotAuthorizedException", message: "Invalid session for the user." },
    );
  });

  it("UserMigration creates a user who signs in with their old password", async () => {
    const migrate = await fn(`exports.handler = async (e) => {
      if (e.triggerSource === "UserMigration_Authentication" && e.request.password === "Legacy-passw0rd") {
        e.response.userAttributes = { email: e.userName + "@legacy.example", email_verified: "true" };
        e.response.finalUserStatus = "CONFIRMED";
        e.response.messageAction = "SUPPRESS";
        return e;
      }
      throw new Error("Bad password");
    };`);
    const { poolId, clientId } = await poolWith({ UserMigration: migrate });
    const out = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "oldie", PASSWORD: "Legacy-passw0rd" } }));
    expect(claims(out.AuthenticationResult!.IdToken!).email).toBe("oldie@legacy.example");
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "oldie" }))).UserStatus).toBe("CONFIRMED");
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "other", PASSWORD: "Whatever-1!" } })), {
      name: "UserLambdaValidationException",
      message: "UserMigration failed with error Bad password.",
    });
  });

  it("gives up on a trigger after 5 seconds on the clock", async () => {
    const slow = await fn(`exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 5000)); return e; };`);
    const { clientId } = await poolWith({ PreSignUp: slow });
    let settled = false;
    const pending = cognito()
      .send(new SignUpCommand({ ClientId: clientId, Username: "patient", Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "p@example.com" }] }))
      .catch((err: unknown) => err)
      .finally(() => (settled = true));
    // The request reaches the server within a few event-loop turns; the function itself would answer after 5 real seconds.
    for (let i = 0; i < 3000 && !settled; i++) {
      await ctx.clock.advance(1_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const err = (await pending) as { name: string; message: string };
    expect(err.name).toBe("UnexpectedLambdaException");
    expect(err.message).toBe("PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.");
  });
});
