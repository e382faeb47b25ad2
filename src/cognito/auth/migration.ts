/**
 * The UserMigration trigger: when a user signs in (USER_PASSWORD_AUTH) or asks for a password
 * reset and does not exist, the function may return their attributes, and the user is created.
 */
import type { RequestContext } from "../../core/context.js";
import { checkedAttributes } from "../attributes.js";
import type { Client, Pool, User } from "../model.js";
import { runTrigger, triggerArn } from "../triggers.js";
import { insertUser, newUser, setPassword, shapeNewUser } from "../users.js";
import type { CognitoState } from "../state.js";

export async function migrateUser(state: CognitoState, 
  ctx: RequestContext,
  pool: Pool,
  client: Client,
  username: string,
  password: string | undefined,
  source: "UserMigration_Authentication" | "UserMigration_ForgotPassword",
  meta: Record<string, string>,
): Promise<User | undefined> {
  if (!triggerArn(pool, "UserMigration")) return undefined;
  const event = await runTrigger(ctx, pool, "UserMigration", {
    triggerSource: source,
    userName: username,
    clientId: client.ClientId,
    request: { password: password ?? null, validationData: null, clientMetadata: meta },
    response: { userAttributes: null, forceAliasCreation: null, enableSMSMFA: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null },
  });
  const response = (event?.response ?? {}) as { userAttributes?: Record<string, unknown> | null; finalUserStatus?: string | null };
  if (!response.userAttributes || typeof response.userAttributes !== "object") return undefined;
  const list = Object.entries(response.userAttributes).filter(([k]) => k !== "username" && k !== "sub").map(([Name, Value]) => ({ Name, Value: String(Value) }));
  const attrs = checkedAttributes(pool, list, undefined);
  const { username: stored, sub } = shapeNewUser(pool, username, attrs);
  const status = source === "UserMigration_ForgotPassword" || response.finalUserStatus === "RESET_REQUIRED" ? "RESET_REQUIRED" : "CONFIRMED";
  const user = newUser(ctx, stored, sub, attrs, status);
  if (password !== undefined) setPassword(pool, user, password);
  insertUser(state, ctx, pool, user, "User already exists");
  return user;
}
