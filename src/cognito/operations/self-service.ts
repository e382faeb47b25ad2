/** GetUser, DeleteUser, UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut, RevokeToken. */
import { AwsError } from "../../core/errors.js";
import { errors } from "../errors.js";
import { deliver, destinationOf, issueCode } from "../messages.js";
import { parse, poolName, saveUser, type Client, type Json } from "../model.js";
import { checkPasswordShape, enforcePolicy } from "../passwords.js";
import { checkPassword, safeEqualText } from "../srp.js";
import { hashToken, signOutEverywhere, verifyAccessToken } from "../tokens.js";
import { deleteAttributes, selfUserView, updateAttributes } from "../user-views.js";
import { deleteUserRecord, metadata, setPassword, syncAliases, useCode } from "../users.js";
import type { RequestContext } from "../../core/context.js";
import { cognitoOperation, type CognitoState } from "../state.js";

function clientOfToken(state: CognitoState, ctx: RequestContext, claims: Record<string, unknown>): Client | undefined {
  const row = state.cs.clientById.get(String(claims.client_id ?? ""));
  return row ? parse<Client>(row.data) : undefined;
}

function requireAdminScope(claims: Record<string, unknown>): void {
  const scopes = String(claims.scope ?? "").split(" ");
  if (!scopes.includes("aws.cognito.signin.user.admin")) throw errors.notAuthorized("Access Token does not have required scopes");
}

export const getUser = cognitoOperation<Json, Json>({
  name: "GetUser",
  handle(input, ctx, state) {
    const { user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    requireAdminScope(claims);
    return selfUserView(user, clientOfToken(state, ctx, claims));
  },
});

export const deleteUser = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteUser",
  handle(input, ctx, state) {
    const { pool, user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    requireAdminScope(claims);
    deleteUserRecord(state, ctx, pool, user);
    return {};
  },
});

export const updateUserAttributes = cognitoOperation<Json, Json>({
  name: "UpdateUserAttributes",
  async handle(input, ctx, state) {
    const { pool, user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    requireAdminScope(claims);
    const sent = await updateAttributes(state, ctx, pool, user, input.UserAttributes, clientOfToken(state, ctx, claims), metadata(input.ClientMetadata));
    return sent.length > 0 ? { CodeDeliveryDetailsList: sent } : {};
  },
});

export const deleteUserAttributes = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteUserAttributes",
  handle(input, ctx, state) {
    const { pool, user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    requireAdminScope(claims);
    deleteAttributes(state, ctx, pool, user, input.UserAttributeNames, clientOfToken(state, ctx, claims));
    return {};
  },
});

export const getUserAttributeVerificationCode = cognitoOperation<Json, Json>({
  name: "GetUserAttributeVerificationCode",
  async handle(input, ctx, state) {
    const { pool, user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    const name = input.AttributeName;
    if (name !== "email" && name !== "phone_number") throw errors.invalidParameter("Invalid attribute name specified for verification.");
    const delivery = destinationOf(pool, user, name);
    if (!delivery) throw errors.invalidParameter(`No ${name} attribute to verify.`);
    const code = issueCode(ctx, user, `verify:${name}`);
    saveUser(state, pool, user, ctx.clock.now());
    await deliver(state, ctx, pool, user, delivery, "CustomMessage_VerifyUserAttribute", code, String(claims.client_id ?? ""), metadata(input.ClientMetadata));
    return { CodeDeliveryDetails: delivery };
  },
});

export const verifyUserAttribute = cognitoOperation<Json, Record<string, never>>({
  name: "VerifyUserAttribute",
  handle(input, ctx, state) {
    const { pool, user } = verifyAccessToken(state, ctx, input.AccessToken);
    const name = input.AttributeName;
    if (name !== "email" && name !== "phone_number") throw errors.invalidParameter("Invalid attribute name specified for verification.");
    useCode(state, ctx, pool, user, `verify:${name}`, input.Code);
    user.Attributes[`${name}_verified`] = "true";
    ctx.store.txn(() => {
      saveUser(state, pool, user, ctx.clock.now());
      syncAliases(state, ctx, pool, user);
    });
    return {};
  },
});

export const changePassword = cognitoOperation<Json, Record<string, never>>({
  name: "ChangePassword",
  handle(input, ctx, state) {
    const { pool, user, claims } = verifyAccessToken(state, ctx, input.AccessToken);
    requireAdminScope(claims);
    const proposed = checkPasswordShape(input.ProposedPassword, "proposedPassword");
    const previous = checkPasswordShape(input.PreviousPassword, "previousPassword");
    if (!user.password || !checkPassword(poolName(pool), user.Username, previous, user.password)) throw errors.wrongPassword();
    enforcePolicy(pool.Policies.PasswordPolicy, proposed);
    setPassword(pool, user, proposed);
    saveUser(state, pool, user, ctx.clock.now());
    return {};
  },
});

export const globalSignOut = cognitoOperation<Json, Record<string, never>>({
  name: "GlobalSignOut",
  handle(input, ctx, state) {
    const { pool, user } = verifyAccessToken(state, ctx, input.AccessToken);
    signOutEverywhere(state, ctx, pool, user);
    return {};
  },
});

export const revokeToken = cognitoOperation<Json, Record<string, never>>({
  name: "RevokeToken",
  handle(input, ctx, state) {
    if (typeof input.Token !== "string" || input.Token === "") throw errors.invalidParameter("1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null");
    const cs = state.cs;
    const clientRow = typeof input.ClientId === "string" ? cs.clientById.get(input.ClientId) : undefined;
    if (!clientRow) throw errors.invalidParameter("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null");
    const client = parse<Client>(clientRow.data);
    if (client.ClientSecret && (typeof input.ClientSecret !== "string" || !safeEqualText(client.ClientSecret, input.ClientSecret))) {
      throw errors.notAuthorized(`Client ${client.ClientId} is configured with secret but the secret was not received or is incorrect`);
    }
    if (!client.EnableTokenRevocation) throw new AwsError("UnsupportedOperationException", "Token revocation is not enabled for this client.");
    const row = cs.refreshByHash.get(hashToken(input.Token));
    if (!row) throw errors.unsupportedTokenType("The token type is not supported.");
    if (row.client_id !== client.ClientId) throw errors.unauthorized("Token does not belong to the client.");
    ctx.store.txn(() => {
      cs.revokeRefresh.run(row.token_hash);
      cs.revokeJti.run(row.origin_jti, row.expires);
    });
    return {};
  },
});

