/**
 * What the pool keeps: the AWS-shaped descriptions of pools, clients, users and groups (dates in
 * epoch milliseconds here, seconds on the wire), and the loaders every operation starts with.
 */
import type { RequestContext } from "../core/context.js";
import { errors } from "./errors.js";
import type { Verifier } from "./srp.js";
import type { CognitoStore } from "./store.js";

export type Json = Record<string, unknown>;

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: "String" | "Number" | "DateTime" | "Boolean";
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  PasswordHistorySize?: number;
  TemporaryPasswordValidityDays: number;
}

export interface Pool {
  Id: string;
  Name: string;
  Arn: string;
  Policies: { PasswordPolicy: PasswordPolicy; SignInPolicy?: { AllowedFirstAuthFactors: string[] } };
  DeletionProtection: "ACTIVE" | "INACTIVE";
  LambdaConfig: Record<string, unknown>;
  SchemaAttributes: SchemaAttribute[];
  AutoVerifiedAttributes?: string[];
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  UsernameConfiguration: { CaseSensitive: boolean };
  MfaConfiguration: "OFF" | "ON" | "OPTIONAL";
  SmsMfaConfiguration?: Json;
  SoftwareTokenMfaConfiguration?: { Enabled: boolean };
  EmailMfaConfiguration?: Json;
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: boolean; UnusedAccountValidityDays?: number; InviteMessageTemplate?: Json };
  VerificationMessageTemplate: Json;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  SmsVerificationMessage?: string;
  SmsAuthenticationMessage?: string;
  AccountRecoverySetting?: { RecoveryMechanisms: { Name: string; Priority: number }[] };
  UserAttributeUpdateSettings?: { AttributesRequireVerificationBeforeUpdate: string[] };
  UserPoolTags?: Record<string, string>;
  UserPoolAddOns?: Json;
  DeviceConfiguration?: Json;
  EmailConfiguration: Json;
  SmsConfiguration?: Json;
  UserPoolTier?: string;
  Domain?: string;
  CreationDate: number;
  LastModifiedDate: number;
  /** Everything else the caller set, echoed back. */
  [extra: string]: unknown;
}

export interface Client {
  ClientId: string;
  ClientName: string;
  UserPoolId: string;
  ClientSecret?: string;
  RefreshTokenValidity: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  TokenValidityUnits?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  ExplicitAuthFlows?: string[];
  ReadAttributes?: string[];
  WriteAttributes?: string[];
  PreventUserExistenceErrors?: "LEGACY" | "ENABLED";
  AuthSessionValidity: number;
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  SupportedIdentityProviders?: string[];
  CreationDate: number;
  LastModifiedDate: number;
  [extra: string]: unknown;
}

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED" | "EXTERNAL_PROVIDER";

export interface PendingCode {
  code: string;
  expires: number;
  /** Wrong answers so far. */
  attempts?: number;
}

export interface User {
  Username: string;
  sub: string;
  /** Attribute name → value, `sub` included. */
  Attributes: Record<string, string>;
  Enabled: boolean;
  UserStatus: UserStatus;
  UserCreateDate: number;
  UserLastModifiedDate: number;
  password?: Verifier;
  temporaryPasswordExpires?: number;
  /** Codes sent and not used yet: "signup", "forgot", "verify:<attribute>". */
  codes: Record<string, PendingCode>;
  mfa: {
    totpSecret?: string;
    totpPendingSecret?: string;
    totpEnabled: boolean;
    smsEnabled: boolean;
    emailEnabled: boolean;
    preferred?: string;
    lastTotpStep?: number;
  };
  failedAttempts: number;
  lockedUntil?: number;
}

export interface Group {
  GroupName: string;
  UserPoolId: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
  CreationDate: number;
  LastModifiedDate: number;
}

export function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Pool ids name their region (`us-east-1_AbC123xyZ`); a pool is found by id across regions, as AWS's routing does. */
export function loadPool({ cs }: { cs: CognitoStore }, poolId: unknown): Pool {
  if (typeof poolId !== "string" || poolId === "") throw errors.invalidParameter("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
  const row = cs.poolById.get(poolId);
  if (!row) throw errors.poolNotFound(poolId);
  return parse<Pool>(row.data);
}

export function savePool({ cs }: { cs: CognitoStore }, pool: Pool): void {
  cs.updatePool.run(JSON.stringify(pool), pool.Name, pool.Id);
}

export function loadClient({ cs }: { cs: CognitoStore }, clientId: unknown, poolId?: string): Client {
  if (typeof clientId !== "string" || clientId === "") throw errors.invalidParameter("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null");
  const row = cs.clientById.get(clientId);
  if (!row || (poolId !== undefined && row.pool_id !== poolId)) throw errors.clientNotFound(clientId);
  return parse<Client>(row.data);
}

export function saveClient({ cs }: { cs: CognitoStore }, client: Client): void {
  cs.updateClient.run(JSON.stringify(client), client.ClientId);
}

/** The key a username is stored under: lower-cased unless the pool is case sensitive. */
export function usernameKey(pool: Pool, username: string): string {
  return pool.UsernameConfiguration.CaseSensitive ? username : username.toLowerCase();
}

/** The key an alias is stored under: emails always lower-cased, preferred_username when the pool ignores case. */
export function aliasKey(pool: Pool, attribute: string, value: string): string {
  const fold = attribute === "email" || (attribute === "preferred_username" && !pool.UsernameConfiguration.CaseSensitive);
  return `${attribute}:${fold ? value.toLowerCase() : value}`;
}

/**
 * Finds a user by the name a client gave: the username itself, the `sub`, or (in pools with
 * alias or username attributes) a verified email/phone/preferred_username.
 */
export function findUser({ cs }: { cs: CognitoStore }, pool: Pool, name: string): User | undefined {
  const direct = cs.userByKey.get(pool.Id, usernameKey(pool, name));
  if (direct) return parse<User>(direct.data);
  for (const attribute of [...(pool.AliasAttributes ?? []), ...(pool.UsernameAttributes ?? [])]) {
    const owner = cs.aliasOwner.get(pool.Id, aliasKey(pool, attribute, name));
    if (owner) {
      const row = cs.userByKey.get(pool.Id, owner.username_key);
      if (row) return parse<User>(row.data);
    }
  }
  const bySub = cs.userBySub.get(pool.Id, name);
  return bySub ? parse<User>(bySub.data) : undefined;
}

export function requireUser({ cs }: { cs: CognitoStore }, pool: Pool, name: unknown): User {
  if (typeof name !== "string" || name === "") throw errors.invalidParameter("1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
  const user = findUser({ cs }, pool, name);
  if (!user) throw errors.noSuchUser();
  return user;
}

export function saveUser({ cs }: { cs: CognitoStore }, pool: Pool, user: User, now: number): void {
  user.UserLastModifiedDate = now;
  cs.updateUser.run(JSON.stringify(user), pool.Id, usernameKey(pool, user.Username));
}

/** AWS's wire form of a user's attributes: `[{Name, Value}]`, `sub` first. */
export function attributeList(user: User, readable?: (name: string) => boolean): { Name: string; Value: string }[] {
  const out: { Name: string; Value: string }[] = [];
  for (const [Name, Value] of Object.entries(user.Attributes)) if (!readable || readable(Name)) out.push({ Name, Value });
  return out;
}

export function seconds(ms: number): number {
  return ms / 1000;
}

export function poolName(pool: Pool): string {
  return pool.Id.slice(pool.Id.indexOf("_") + 1);
}

export type Ctx = RequestContext;
