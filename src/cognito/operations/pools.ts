/** CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes. */
import { schemaEntry, standardSchema } from "../attributes.js";
import { errors } from "../errors.js";
import { newPoolId } from "../ids.js";
import { loadPool, parse, savePool, seconds, type Json, type Pool } from "../model.js";
import { DEFAULT_POLICY } from "../passwords.js";
import { cognitoOperation, type CognitoState } from "../state.js";

const POOL_NAME = /^[\w\s+=,.@-]{1,128}$/u;
const SETTABLE = [
  "LambdaConfig", "AutoVerifiedAttributes", "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject", "VerificationMessageTemplate",
  "SmsAuthenticationMessage", "UserAttributeUpdateSettings", "MfaConfiguration", "DeviceConfiguration", "EmailConfiguration", "SmsConfiguration", "UserPoolTags",
  "AdminCreateUserConfig", "UserPoolAddOns", "AccountRecoverySetting", "DeletionProtection", "UserPoolTier",
];

function applySettings(pool: Pool, input: Json): void {
  for (const key of SETTABLE) if (input[key] !== undefined) pool[key] = input[key];
  const policies = input.Policies as { PasswordPolicy?: Partial<Pool["Policies"]["PasswordPolicy"]>; SignInPolicy?: Pool["Policies"]["SignInPolicy"] } | undefined;
  if (policies?.PasswordPolicy) {
    const p = { ...DEFAULT_POLICY, ...policies.PasswordPolicy };
    if (!Number.isInteger(p.MinimumLength) || p.MinimumLength < 6 || p.MinimumLength > 99) {
      throw errors.invalidParameter(`1 validation error detected: Value '${String(p.MinimumLength)}' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6`);
    }
    pool.Policies.PasswordPolicy = p;
  }
  if (policies?.SignInPolicy) pool.Policies.SignInPolicy = policies.SignInPolicy;
  const template = (input.VerificationMessageTemplate ?? {}) as Json;
  pool.VerificationMessageTemplate = {
    DefaultEmailOption: "CONFIRM_WITH_CODE",
    ...pool.VerificationMessageTemplate,
    ...(input.EmailVerificationMessage ? { EmailMessage: input.EmailVerificationMessage } : {}),
    ...(input.EmailVerificationSubject ? { EmailSubject: input.EmailVerificationSubject } : {}),
    ...(input.SmsVerificationMessage ? { SmsMessage: input.SmsVerificationMessage } : {}),
    ...template,
  };
  pool.AdminCreateUserConfig = { ...pool.AdminCreateUserConfig, ...(input.AdminCreateUserConfig as Json | undefined) };
  for (const attr of pool.AutoVerifiedAttributes ?? []) {
    if (attr !== "email" && attr !== "phone_number") throw errors.invalidParameter(`1 validation error detected: Value '[${attr}]' at 'autoVerifiedAttributes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [phone_number, email]]`);
  }
}

export const createUserPool = cognitoOperation<Json, { UserPool: Json }>({
  name: "CreateUserPool",
  handle(input, ctx, state) {
    const name = input.PoolName;
    if (typeof name !== "string") throw errors.invalidParameter("1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null");
    if (!POOL_NAME.test(name)) throw errors.invalidParameter(`1 validation error detected: Value '${name}' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+`);
    if (input.AliasAttributes && input.UsernameAttributes) throw errors.invalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
    const now = ctx.clock.now();
    const id = newPoolId(ctx.region);
    const schema = standardSchema();
    for (const raw of (Array.isArray(input.Schema) ? input.Schema : []) as Json[]) {
      const standard = schema.findIndex((a) => a.Name === raw.Name);
      if (standard >= 0) {
        schema[standard] = { ...schema[standard]!, Required: raw.Required === true, Mutable: raw.Mutable !== false };
      } else {
        const entry = schemaEntry(raw, true);
        entry.Required = false;
        schema.push(entry);
      }
    }
    const usernameConfig = input.UsernameConfiguration as { CaseSensitive?: boolean } | undefined;
    const pool: Pool = {
      Id: id,
      Name: name,
      Arn: `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${id}`,
      Policies: { PasswordPolicy: { ...DEFAULT_POLICY }, SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } },
      DeletionProtection: "INACTIVE",
      LambdaConfig: {},
      SchemaAttributes: schema,
      AliasAttributes: input.AliasAttributes as string[] | undefined,
      UsernameAttributes: input.UsernameAttributes as string[] | undefined,
      UsernameConfiguration: { CaseSensitive: usernameConfig?.CaseSensitive ?? true },
      MfaConfiguration: "OFF",
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
      VerificationMessageTemplate: {},
      EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
      UserPoolTier: "ESSENTIALS",
      CreationDate: now,
      LastModifiedDate: now,
    };
    applySettings(pool, input);
    const cs = state.cs;
    cs.insertPool.run(id, ctx.accountId, ctx.region, name, now, JSON.stringify(pool));
    // The pool's signing keys are made when it first signs or publishes its JWKS (ensurePoolKeys),
    // from the spares made ahead: a test suite creating hundreds of pools pays for no RSA keys it never uses.
    return { UserPool: describe(state, pool) };
  },
});

/** The pool as DescribeUserPool shows it. */
export function describe(state: CognitoState, pool: Pool): Json {
  const cs = state.cs;
  const out: Json = { ...pool, CreationDate: seconds(pool.CreationDate), LastModifiedDate: seconds(pool.LastModifiedDate) };
  out.EstimatedNumberOfUsers = cs.countUsers.get(pool.Id)?.n ?? 0;
  const domain = cs.domainOfPool.get(pool.Id);
  if (domain) out.Domain = domain.domain;
  return out;
}

export const describeUserPool = cognitoOperation<Json, { UserPool: Json }>({
  name: "DescribeUserPool",
  handle(input, ctx, state) {
    return { UserPool: describe(state, loadPool(state, input.UserPoolId)) };
  },
});

export const updateUserPool = cognitoOperation<Json, Record<string, never>>({
  name: "UpdateUserPool",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    // UpdateUserPool resets what the request leaves out to its default, as AWS documents.
    for (const key of ["LambdaConfig", "AutoVerifiedAttributes", "UserPoolTags", "DeviceConfiguration", "UserPoolAddOns", "AccountRecoverySetting", "UserAttributeUpdateSettings"]) {
      if (input[key] === undefined) delete pool[key];
    }
    pool.LambdaConfig = {};
    pool.MfaConfiguration = "OFF";
    applySettings(pool, input);
    pool.LastModifiedDate = ctx.clock.now();
    savePool(state, pool);
    return {};
  },
});

export const deleteUserPool = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteUserPool",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    if (pool.DeletionProtection === "ACTIVE") {
      throw errors.invalidParameter("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
    }
    const cs = state.cs;
    ctx.store.txn(() => {
      for (const stmt of cs.deletePool) stmt.run(pool.Id);
    });
    return {};
  },
});

export const listUserPools = cognitoOperation<Json, Json>({
  name: "ListUserPools",
  handle(input, ctx, state) {
    const max = input.MaxResults;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 60) {
      throw errors.invalidParameter(`1 validation error detected: Value '${String(max ?? "null")}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60`);
    }
    const after = typeof input.NextToken === "string" ? Buffer.from(input.NextToken, "base64url").toString("utf8") : "";
    const rows = state.cs.poolsFrom.all(ctx.accountId, ctx.region, after, max + 1);
    const page = rows.slice(0, max).map((r) => parse<Pool>(r.data));
    const out: Json = {
      UserPools: page.map((p) => ({ Id: p.Id, Name: p.Name, LambdaConfig: p.LambdaConfig, CreationDate: seconds(p.CreationDate), LastModifiedDate: seconds(p.LastModifiedDate) })),
    };
    if (rows.length > max) out.NextToken = Buffer.from(page[page.length - 1]!.Id).toString("base64url");
    return out;
  },
});

export const addCustomAttributes = cognitoOperation<Json, Record<string, never>>({
  name: "AddCustomAttributes",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const list = input.CustomAttributes;
    if (!Array.isArray(list) || list.length === 0) throw errors.invalidParameter("1 validation error detected: Value null at 'customAttributes' failed to satisfy constraint: Member must not be null");
    for (const raw of list as Json[]) {
      const entry = schemaEntry(raw, true);
      if (pool.SchemaAttributes.some((a) => a.Name === entry.Name)) throw errors.invalidParameter(`Existing attribute already has name ${entry.Name}.`);
      pool.SchemaAttributes.push(entry);
    }
    if (pool.SchemaAttributes.filter((a) => a.Name.startsWith("custom:")).length > 50) throw errors.limitExceeded("Exceeded the limit of 50 custom attributes.");
    pool.LastModifiedDate = ctx.clock.now();
    savePool(state, pool);
    return {};
  },
});
