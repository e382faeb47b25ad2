/** Identity pool CRUD and roles: Create/Describe/Update/Delete/ListIdentityPools, Set/GetIdentityPoolRoles. */
import type {
  CreateIdentityPoolInput,
  DeleteIdentityPoolInput,
  DescribeIdentityPoolInput,
  GetIdentityPoolRolesInput,
  GetIdentityPoolRolesResponse,
  ListIdentityPoolsInput,
  ListIdentityPoolsResponse,
  SetIdentityPoolRolesInput,
} from "@aws-sdk/client-cognito-identity";
import { AwsError } from "../../core/errors.js";
import { uuid } from "../../core/ids.js";
import { describePool, loadPool, savePool, type IdentityPool, type StoredPool } from "../pool.js";
import { identityOperation } from "../state.js";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/;

function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterException", message);
}

function poolFields(input: CreateIdentityPoolInput): Omit<IdentityPool, "IdentityPoolId"> {
  return {
    IdentityPoolName: input.IdentityPoolName!,
    AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities ?? false,
    ...(input.AllowClassicFlow !== undefined ? { AllowClassicFlow: input.AllowClassicFlow } : {}),
    ...(input.SupportedLoginProviders ? { SupportedLoginProviders: input.SupportedLoginProviders } : {}),
    ...(input.DeveloperProviderName ? { DeveloperProviderName: input.DeveloperProviderName } : {}),
    ...(input.OpenIdConnectProviderARNs ? { OpenIdConnectProviderARNs: input.OpenIdConnectProviderARNs } : {}),
    ...(input.CognitoIdentityProviders ? { CognitoIdentityProviders: input.CognitoIdentityProviders } : {}),
    ...(input.SamlProviderARNs ? { SamlProviderARNs: input.SamlProviderARNs } : {}),
    ...(input.IdentityPoolTags ? { IdentityPoolTags: input.IdentityPoolTags } : {}),
  };
}

export const createIdentityPool = identityOperation<CreateIdentityPoolInput, IdentityPool>({
  name: "CreateIdentityPool",
  handle(input, ctx, state) {
    const pool: StoredPool = { IdentityPoolId: `${ctx.region}:${uuid()}`, ...poolFields(input), account: ctx.accountId };
    savePool(state, pool);
    return describePool(pool);
  },
});

export const describeIdentityPool = identityOperation<DescribeIdentityPoolInput, IdentityPool>({
  name: "DescribeIdentityPool",
  handle(input, ctx, state) {
    return describePool(loadPool(ctx, state, input.IdentityPoolId!));
  },
});

export const updateIdentityPool = identityOperation<IdentityPool, IdentityPool>({
  name: "UpdateIdentityPool",
  handle(input, ctx, state) {
    const old = loadPool(ctx, state, input.IdentityPoolId);
    // An update replaces the whole description (members left out are cleared), as on AWS; roles stay.
    const pool: StoredPool = { IdentityPoolId: old.IdentityPoolId, ...poolFields(input), account: old.account, Roles: old.Roles, RoleMappings: old.RoleMappings };
    if (input.IdentityPoolTags === undefined && old.IdentityPoolTags) pool.IdentityPoolTags = old.IdentityPoolTags;
    savePool(state, pool);
    return describePool(pool);
  },
});

export const deleteIdentityPool = identityOperation<DeleteIdentityPoolInput, Record<string, never>>({
  name: "DeleteIdentityPool",
  handle(input, ctx, state) {
    const pool = loadPool(ctx, state, input.IdentityPoolId!);
    ctx.store.txn(() => {
      state.sql.deletePool.run(pool.IdentityPoolId);
      state.sql.deleteIdentitiesOf.run(pool.IdentityPoolId);
    });
    return {};
  },
});

export const listIdentityPools = identityOperation<ListIdentityPoolsInput, ListIdentityPoolsResponse>({
  name: "ListIdentityPools",
  handle(input, ctx, state) {
    const max = input.MaxResults!;
    const after = input.NextToken ? Buffer.from(input.NextToken, "base64url").toString("utf8") : "";
    const rows = state.sql.poolsOf.all(ctx.accountId, ctx.region, after, max + 1);
    const page = rows.slice(0, max);
    return {
      IdentityPools: page.map((r) => ({ IdentityPoolId: r.id, IdentityPoolName: r.name })),
      ...(rows.length > max ? { NextToken: Buffer.from(page[page.length - 1]!.id).toString("base64url") } : {}),
    };
  },
});

export const setIdentityPoolRoles = identityOperation<SetIdentityPoolRolesInput, Record<string, never>>({
  name: "SetIdentityPoolRoles",
  handle(input, ctx, state) {
    const pool = loadPool(ctx, state, input.IdentityPoolId!);
    const roles = input.Roles ?? {};
    for (const [kind, arn] of Object.entries(roles)) {
      if (kind !== "authenticated" && kind !== "unauthenticated") throw invalidParameter(`Invalid role type: ${kind}. Valid types are authenticated and unauthenticated.`);
      if (!ROLE_ARN.test(arn)) throw invalidParameter(`Invalid RoleArn: ${arn}`);
    }
    for (const [provider, mapping] of Object.entries(input.RoleMappings ?? {})) {
      if (mapping.Type === "Rules" && !(mapping.RulesConfiguration?.Rules?.length ?? 0)) throw invalidParameter(`RulesConfiguration is required for provider ${provider} with Type Rules.`);
      for (const rule of mapping.RulesConfiguration?.Rules ?? []) if (!ROLE_ARN.test(rule.RoleARN ?? "")) throw invalidParameter(`Invalid RoleArn: ${rule.RoleARN}`);
    }
    pool.Roles = roles;
    pool.RoleMappings = input.RoleMappings;
    savePool(state, pool);
    return {};
  },
});

export const getIdentityPoolRoles = identityOperation<GetIdentityPoolRolesInput, GetIdentityPoolRolesResponse>({
  name: "GetIdentityPoolRoles",
  handle(input, ctx, state) {
    const pool = loadPool(ctx, state, input.IdentityPoolId!);
    return { IdentityPoolId: pool.IdentityPoolId, Roles: pool.Roles ?? {}, ...(pool.RoleMappings ? { RoleMappings: pool.RoleMappings } : {}) };
  },
});
