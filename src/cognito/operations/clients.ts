/** CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients. */
import { AwsError } from "../../core/errors.js";
import { errors } from "../errors.js";
import { newClientId, newClientSecret } from "../ids.js";
import { loadClient, loadPool, parse, saveClient, seconds, type Client, type Json, type Pool } from "../model.js";
import { cognitoOperation, type CognitoState } from "../state.js";

const FLOWS = [
  "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH",
];
const UNITS = ["seconds", "minutes", "hours", "days"];
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
const SETTABLE = [
  "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes", "WriteAttributes", "ExplicitAuthFlows",
  "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
  "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation", "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
];

function checkValidity(client: Client, kind: "AccessToken" | "IdToken" | "RefreshToken", value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  const unit = client.TokenValidityUnits?.[kind] ?? (kind === "RefreshToken" ? "days" : "hours");
  const s = value * (UNIT_SECONDS[unit] ?? 3600);
  if (!Number.isInteger(value) || s < min || s > max) {
    const what = kind === "AccessToken" ? "Access Token" : kind === "IdToken" ? "Id Token" : "Refresh Token";
    throw errors.invalidParameter(`Invalid range for token validity. ${what} validity must be between ${min / 60} minutes and ${max / 3600 >= 24 ? `${max / 86400} days` : `${max / 3600} hours`}.`);
  }
}

const STANDARD_SCOPES = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"];

/** AllowedOAuthScopes: standard scopes, or `<resource server>/<scope>` of a resource server the pool has. */
function checkScopes(state: CognitoState, pool: Pool, scopes: string[]): void {
  const cs = state.cs;
  for (const scope of scopes) {
    if (STANDARD_SCOPES.includes(scope)) continue;
    const slash = scope.lastIndexOf("/");
    const row = slash > 0 ? cs.resourceServer.get(pool.Id, scope.slice(0, slash)) : undefined;
    const known = row ? parse<{ Scopes: { ScopeName: string }[] }>(row.data).Scopes.some((s) => s.ScopeName === scope.slice(slash + 1)) : false;
    if (!known) throw new AwsError("ScopeDoesNotExistException", `Invalid scope requested: ${scope}`);
  }
}

function applySettings(pool: Pool, client: Client, input: Json): void {
  for (const key of SETTABLE) if (input[key] !== undefined) client[key] = input[key];
  for (const list of ["ExplicitAuthFlows", "AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs", "ReadAttributes", "WriteAttributes", "SupportedIdentityProviders"]) {
    if (client[list] !== undefined && !(Array.isArray(client[list]) && (client[list] as unknown[]).every((v) => typeof v === "string"))) {
      throw errors.invalidParameter(`${list} must be a list of strings.`);
    }
  }
  for (const flow of client.ExplicitAuthFlows ?? []) {
    if (!FLOWS.includes(flow)) throw errors.invalidParameter(`1 validation error detected: Value '[${flow}]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${FLOWS.join(", ")}]]`);
  }
  const units = client.TokenValidityUnits ?? {};
  for (const u of Object.values(units)) if (!UNITS.includes(String(u))) throw errors.invalidParameter(`1 validation error detected: Value '${String(u)}' at 'tokenValidityUnits' failed to satisfy constraint: Member must satisfy enum value set: [${UNITS.join(", ")}]`);
  checkValidity(client, "AccessToken", client.AccessTokenValidity, 300, 86400);
  checkValidity(client, "IdToken", client.IdTokenValidity, 300, 86400);
  checkValidity(client, "RefreshToken", client.RefreshTokenValidity, 3600, 315_360_000);
  if (!Number.isInteger(client.AuthSessionValidity) || client.AuthSessionValidity < 3 || client.AuthSessionValidity > 15) {
    throw errors.invalidParameter(`1 validation error detected: Value '${String(client.AuthSessionValidity)}' at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to 15`);
  }
  if (client.PreventUserExistenceErrors && !["LEGACY", "ENABLED"].includes(client.PreventUserExistenceErrors)) {
    throw errors.invalidParameter(`1 validation error detected: Value '${client.PreventUserExistenceErrors}' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]`);
  }
  for (const flow of client.AllowedOAuthFlows ?? []) {
    if (!["code", "implicit", "client_credentials"].includes(flow)) throw errors.invalidParameter(`1 validation error detected: Value '[${flow}]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [implicit, client_credentials, code]`);
  }
  if (client.AllowedOAuthFlows?.includes("client_credentials") && !client.ClientSecret) throw errors.invalidParameter("client_credentials flow can not be selected if client does not have a client secret.");
  if (client.AllowedOAuthFlows?.includes("client_credentials") && client.AllowedOAuthFlows.length > 1) throw errors.invalidParameter("client_credentials flow can not be selected along with code flow or implicit flow.");
  for (const name of [...(client.ReadAttributes ?? []), ...(client.WriteAttributes ?? [])]) {
    if (!pool.SchemaAttributes.some((a) => a.Name === name)) throw errors.invalidParameter(`Invalid read attributes specified while creating a client`);
  }
  for (const url of client.CallbackURLs ?? []) {
    if (!/^(https:\/\/|http:\/\/localhost(:\d+)?\/?|http:\/\/127\.0\.0\.1(:\d+)?\/?|[a-z][a-z0-9+.-]*:\/\/)/i.test(url) || url.includes("#")) throw errors.invalidParameter("Invalid CallbackURLs");
  }
}

/** The flows a client allows (AWS's default when none were given: SRP, custom, refresh). */
export function allowedFlows(client: Client): string[] {
  const flows = client.ExplicitAuthFlows ?? [];
  if (flows.length === 0) return ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
  // Legacy values only (no ALLOW_ prefix): refresh stays on, and SRP unless CUSTOM_AUTH_FLOW_ONLY.
  if (!flows.some((f) => f.startsWith("ALLOW_"))) {
    return [...flows, "ALLOW_REFRESH_TOKEN_AUTH", ...(flows.includes("CUSTOM_AUTH_FLOW_ONLY") ? [] : ["ALLOW_USER_SRP_AUTH"])];
  }
  return flows;
}

function view(client: Client): Json {
  return { ...client, CreationDate: seconds(client.CreationDate), LastModifiedDate: seconds(client.LastModifiedDate) };
}

export const createUserPoolClient = cognitoOperation<Json, { UserPoolClient: Json }>({
  name: "CreateUserPoolClient",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    if (typeof input.ClientName !== "string" || !/^[\w\s+=,.@-]{1,128}$/u.test(input.ClientName)) {
      throw errors.invalidParameter("1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null");
    }
    const now = ctx.clock.now();
    const client: Client = {
      UserPoolId: pool.Id,
      ClientName: input.ClientName,
      ClientId: newClientId(),
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      PreventUserExistenceErrors: "LEGACY",
      AuthSessionValidity: 3,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AllowedOAuthFlowsUserPoolClient: false,
      CreationDate: now,
      LastModifiedDate: now,
    };
    if (input.GenerateSecret === true) client.ClientSecret = newClientSecret();
    applySettings(pool, client, input);
    checkScopes(state, pool, client.AllowedOAuthScopes ?? []);
    client.TokenValidityUnits = { AccessToken: "hours", IdToken: "hours", RefreshToken: "days", ...client.TokenValidityUnits };
    state.cs.insertClient.run(client.ClientId, pool.Id, now, JSON.stringify(client));
    return { UserPoolClient: view(client) };
  },
});

export const describeUserPoolClient = cognitoOperation<Json, { UserPoolClient: Json }>({
  name: "DescribeUserPoolClient",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    return { UserPoolClient: view(loadClient(state, input.ClientId, pool.Id)) };
  },
});

export const updateUserPoolClient = cognitoOperation<Json, { UserPoolClient: Json }>({
  name: "UpdateUserPoolClient",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const old = loadClient(state, input.ClientId, pool.Id);
    // Like AWS, members left out of the update return to their defaults.
    const client: Client = {
      UserPoolId: pool.Id,
      ClientId: old.ClientId,
      ClientName: typeof input.ClientName === "string" ? input.ClientName : old.ClientName,
      ClientSecret: old.ClientSecret,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      PreventUserExistenceErrors: "LEGACY",
      AuthSessionValidity: 3,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AllowedOAuthFlowsUserPoolClient: false,
      CreationDate: old.CreationDate,
      LastModifiedDate: ctx.clock.now(),
    };
    applySettings(pool, client, input);
    checkScopes(state, pool, client.AllowedOAuthScopes ?? []);
    saveClient(state, client);
    return { UserPoolClient: view(client) };
  },
});

export const deleteUserPoolClient = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteUserPoolClient",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const client = loadClient(state, input.ClientId, pool.Id);
    state.cs.deleteClient.run(client.ClientId);
    return {};
  },
});

export const listUserPoolClients = cognitoOperation<Json, Json>({
  name: "ListUserPoolClients",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const max = typeof input.MaxResults === "number" ? input.MaxResults : 60;
    if (!Number.isInteger(max) || max < 1 || max > 60) throw errors.invalidParameter(`1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60`);
    const after = typeof input.NextToken === "string" ? Buffer.from(input.NextToken, "base64url").toString("utf8") : "";
    const rows = state.cs.clientsOf.all(pool.Id, after, max + 1);
    const page = rows.slice(0, max).map((r) => parse<Client>(r.data));
    const out: Json = { UserPoolClients: page.map((c) => ({ ClientId: c.ClientId, UserPoolId: c.UserPoolId, ClientName: c.ClientName })) };
    if (rows.length > max) out.NextToken = Buffer.from(page[page.length - 1]!.ClientId).toString("base64url");
    return out;
  },
});
