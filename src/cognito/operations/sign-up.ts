/** SignUp, ConfirmSignUp, ResendConfirmationCode (the self-service side of account creation). */
import type { RequestContext } from "../../core/context.js";
import { checkedAttributes, missingRequired } from "../attributes.js";
import { errors } from "../errors.js";
import { deliver, destinationOf, issueCode, maskDestination } from "../messages.js";
import { findUser, loadClient, loadPool, saveUser, type Json, type Pool, type User } from "../model.js";
import { checkPasswordShape, enforcePolicy } from "../passwords.js";
import { runTrigger } from "../triggers.js";
import { aliasConflict, checkSecretHash, insertUser, metadata, newUser, setPassword, shapeNewUser, syncAliases, triggerAttributes, useCode } from "../users.js";
import { cognitoOperation } from "../state.js";

function attributeMap(list: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (Array.isArray(list)) for (const a of list as { Name?: unknown; Value?: unknown }[]) if (typeof a?.Name === "string") out[a.Name] = typeof a.Value === "string" ? a.Value : "";
  return out;
}

export const signUp = cognitoOperation<Json, Json>({
  name: "SignUp",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (typeof input.Username !== "string") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    checkSecretHash(client, input.Username, input.SecretHash);
    const password = checkPasswordShape(input.Password);
    const attrs = checkedAttributes(pool, input.UserAttributes, client);
    const { username, sub } = shapeNewUser(pool, input.Username, attrs);
    enforcePolicy(pool.Policies.PasswordPolicy, password);
    const missing = missingRequired(pool, Object.fromEntries(attrs));
    if (missing.length > 0) throw errors.invalidParameter(`Attributes did not conform to the schema: ${missing.map((m) => `${m}: The attribute ${m} is required`).join(", ")}`);
    const user = newUser(ctx, username, sub, attrs, "UNCONFIRMED");
    if (findUser(state, pool, username) || aliasConflict(state, ctx, pool, user)) throw errors.usernameExists(pool.UsernameAttributes?.length ? "An account with the given email already exists." : "User already exists");
    const pre = await runTrigger(ctx, pool, "PreSignUp", {
      triggerSource: "PreSignUp_SignUp",
      userName: username,
      clientId: client.ClientId,
      request: { userAttributes: { ...user.Attributes }, validationData: attributeMap(input.ValidationData), clientMetadata: metadata(input.ClientMetadata) },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const flags = (pre?.response ?? {}) as { autoConfirmUser?: boolean; autoVerifyEmail?: boolean; autoVerifyPhone?: boolean };
    if (flags.autoConfirmUser) user.UserStatus = "CONFIRMED";
    if (flags.autoVerifyEmail && user.Attributes.email) {
      if (!flags.autoConfirmUser) throw errors.invalidLambdaResponse("Invalid lambda response: autoVerifyEmail can only be set when autoConfirmUser is set");
      user.Attributes.email_verified = "true";
    }
    if (flags.autoVerifyPhone && user.Attributes.phone_number) {
      if (!flags.autoConfirmUser) throw errors.invalidLambdaResponse("Invalid lambda response: autoVerifyPhone can only be set when autoConfirmUser is set");
      user.Attributes.phone_number_verified = "true";
    }
    setPassword(pool, user, password);
    const delivery = user.UserStatus === "UNCONFIRMED" ? destinationOf(pool, user) : undefined;
    const code = delivery ? issueCode(ctx, user, "signup") : undefined;
    insertUser(state, ctx, pool, user, "User already exists");
    if (delivery && code) await deliver(state, ctx, pool, user, delivery, "CustomMessage_SignUp", code, client.ClientId, metadata(input.ClientMetadata));
    const out: Json = { UserConfirmed: user.UserStatus === "CONFIRMED", UserSub: sub };
    if (delivery) out.CodeDeliveryDetails = delivery;
    return out;
  },
});

/** Marks the attribute the confirmation code went to as verified, and runs PostConfirmation. */
export async function confirmUser(ctx: RequestContext, pool: Pool, user: User, source: string, clientId: string | undefined, meta: Record<string, string>): Promise<void> {
  user.UserStatus = "CONFIRMED";
  delete user.codes.signup;
  await runTrigger(ctx, pool, "PostConfirmation", {
    triggerSource: source,
    userName: user.Username,
    clientId,
    request: { userAttributes: triggerAttributes(user), clientMetadata: meta },
  });
}

export const confirmSignUp = cognitoOperation<Json, Json>({
  name: "ConfirmSignUp",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (typeof input.Username !== "string") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    checkSecretHash(client, input.Username, input.SecretHash);
    const user = findUser(state, pool, input.Username);
    if (!user) {
      if (client.PreventUserExistenceErrors === "ENABLED") throw errors.codeMismatch("Invalid verification code provided, please try again.");
      throw errors.noSuchUser();
    }
    if (user.UserStatus === "CONFIRMED" && !user.codes.signup) throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`);
    const delivery = destinationOf(pool, user);
    useCode(state, ctx, pool, user, "signup", input.ConfirmationCode);
    if (delivery) user.Attributes[`${delivery.AttributeName}_verified`] = "true";
    if (aliasConflict(state, ctx, pool, user)) {
      if (input.ForceAliasCreation !== true) throw errors.aliasExists("An account with the email already exists.");
    }
    await confirmUser(ctx, pool, user, "PostConfirmation_ConfirmSignUp", client.ClientId, metadata(input.ClientMetadata));
    ctx.store.txn(() => {
      saveUser(state, pool, user, ctx.clock.now());
      syncAliases(state, ctx, pool, user);
    });
    return {};
  },
});

export const resendConfirmationCode = cognitoOperation<Json, Json>({
  name: "ResendConfirmationCode",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (typeof input.Username !== "string") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    checkSecretHash(client, input.Username, input.SecretHash);
    const user = findUser(state, pool, input.Username);
    if (!user) {
      if (client.PreventUserExistenceErrors === "ENABLED") return { CodeDeliveryDetails: { Destination: maskDestination("EMAIL", "x@x"), DeliveryMedium: "EMAIL", AttributeName: "email" } };
      throw errors.noSuchUser();
    }
    if (user.UserStatus === "CONFIRMED") throw errors.invalidParameter("User is already confirmed.");
    const delivery = destinationOf(pool, user);
    if (!delivery) throw errors.invalidParameter("Auto verification not turned on.");
    const code = issueCode(ctx, user, "signup");
    saveUser(state, pool, user, ctx.clock.now());
    await deliver(state, ctx, pool, user, delivery, "CustomMessage_ResendCode", code, client.ClientId, metadata(input.ClientMetadata));
    return { CodeDeliveryDetails: delivery };
  },
});
