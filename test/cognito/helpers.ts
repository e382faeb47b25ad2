import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac } from "node:crypto";
import { uniqueName } from "../helpers/index.js";

export const PASSWORD = "Passw0rd!";

export async function createPool(cognito: CognitoIdentityProviderClient, extra: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  const out = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName("pool"), ...extra }));
  return out.UserPool!.Id!;
}

export async function createClient(cognito: CognitoIdentityProviderClient, poolId: string, extra: Partial<CreateUserPoolClientCommandInput> = {}): Promise<{ clientId: string; secret?: string }> {
  const out = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"],
      ...extra,
    }),
  );
  return { clientId: out.UserPoolClient!.ClientId!, secret: out.UserPoolClient!.ClientSecret };
}

/** A confirmed user with a permanent password. */
export async function createUser(cognito: CognitoIdentityProviderClient, poolId: string, username: string, attributes: Record<string, string> = {}): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret).update(username + clientId).digest("base64");
}

export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

export interface CapturedMessage {
  username: string;
  medium: string;
  destination: string;
  triggerSource: string;
  code?: string;
  message: string;
}

export async function messages(endpoint: string, poolId: string, username: string): Promise<CapturedMessage[]> {
  const res = await fetch(`${endpoint}/_local/cognito/messages?userPoolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  return (await res.json()) as CapturedMessage[];
}

export async function lastCode(endpoint: string, poolId: string, username: string): Promise<string> {
  const list = await messages(endpoint, poolId, username);
  const code = list[list.length - 1]?.code;
  if (!code) throw new Error(`no message for ${username}`);
  return code;
}
