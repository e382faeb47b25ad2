/** ForgotPassword and ConfirmForgotPassword. */
import { errors } from "../errors.js";
import { deliver, destinationOf, issueCode } from "../messages.js";
import { findUser, loadClient, loadPool, saveUser, type Json } from "../model.js";
import { checkPasswordShape, enforcePolicy } from "../passwords.js";
import { runTrigger } from "../triggers.js";
import { checkSecretHash, metadata, setPassword, triggerAttributes, useCode } from "../users.js";
import { migrateUser } from "../auth/migration.js";
import { cognitoOperation } from "../state.js";

export const forgotPassword = cognitoOperation<Json, Json>({
  name: "ForgotPassword",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (typeof input.Username !== "string" || input.Username === "") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    checkSecretHash(client, input.Username, input.SecretHash);
    const meta = metadata(input.ClientMetadata);
    const user = findUser(state, pool, input.Username) ?? (await migrateUser(state, ctx, pool, client, input.Username, undefined, "UserMigration_ForgotPassword", meta));
    if (!user) {
      if (client.PreventUserExistenceErrors === "ENABLED") return { CodeDeliveryDetails: { Destination: "x***@x***", DeliveryMedium: "EMAIL", AttributeName: "email" } };
      throw errors.noSuchUser();
    }
    if (!user.Enabled) throw errors.notAuthorized("User is disabled.");
    const verified = user.Attributes.email_verified === "true" ? "email" : user.Attributes.phone_number_verified === "true" ? "phone_number" : undefined;
    const delivery = verified ? destinationOf(pool, user, verified) : undefined;
    if (!delivery) throw errors.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
    const code = issueCode(ctx, user, "forgot");
    saveUser(state, pool, user, ctx.clock.now());
    await deliver(state, ctx, pool, user, delivery, "CustomMessage_ForgotPassword", code, client.ClientId, meta);
    return { CodeDeliveryDetails: delivery };
  },
});

export const confirmForgotPassword = cognitoOperation<Json, Record<string, never>>({
  name: "ConfirmForgotPassword",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (typeof input.Username !== "string" || input.Username === "") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
    checkSecretHash(client, input.Username, input.SecretHash);
    const password = checkPasswordShape(input.Password);
    const user = findUser(state, pool, input.Username);
    if (!user) {
      if (client.PreventUserExistenceErrors === "ENABLED") throw errors.codeMismatch("Invalid verification code provided, please try again.");
      throw errors.noSuchUser();
    }
    enforcePolicy(pool.Policies.PasswordPolicy, password);
    useCode(state, ctx, pool, user, "forgot", input.ConfirmationCode);
    setPassword(pool, user, password);
    const wasUnconfirmed = user.UserStatus === "UNCONFIRMED";
    if (user.UserStatus === "RESET_REQUIRED" || user.UserStatus === "FORCE_CHANGE_PASSWORD") user.UserStatus = "CONFIRMED";
    user.failedAttempts = 0;
    delete user.lockedUntil;
    delete user.temporaryPasswordExpires;
    saveUser(state, pool, user, ctx.clock.now());
    if (!wasUnconfirmed) {
      await runTrigger(ctx, pool, "PostConfirmation", {
        triggerSource: "PostConfirmation_ConfirmForgotPassword",
        userName: user.Username,
        clientId: client.ClientId,
        request: { userAttributes: triggerAttributes(user), clientMetadata: metadata(input.ClientMetadata) },
      });
    }
    return {};
  },
});
