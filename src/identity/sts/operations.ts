/** STS: GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken. */
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  AssumeRoleWithWebIdentityRequest,
  AssumeRoleWithWebIdentityResponse,
  GetCallerIdentityResponse,
  GetSessionTokenRequest,
  GetSessionTokenResponse,
} from "@aws-sdk/client-sts";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import type { RoleTrustVerdict, TrustPrincipal } from "../../core/ports.js";
import { issueCredentials, type IssuedCredentials, type Principal } from "../credentials.js";
import { identityOperation, type IdentityState } from "../state.js";
import { callerOf } from "./caller.js";
import { verifyWebIdentity } from "./web-identity.js";

function accessDenied(message: string): AwsError {
  return new AwsError("AccessDenied", message, { status: 403 });
}

function wire(creds: IssuedCredentials): { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date } {
  return { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: new Date(creds.expiration) };
}

async function trustOf(ctx: RequestContext, roleArn: string, action: string, principal: TrustPrincipal, context: Record<string, string | string[]>): Promise<RoleTrustVerdict | undefined> {
  const verdict = await (await ctx.ports.get("RoleTrust")).checkAssumeRole(roleArn, { action, principal, context });
  return verdict?.trusted ? verdict : undefined;
}

function checkDuration(seconds: number, verdict: RoleTrustVerdict): void {
  if (seconds > verdict.maxSessionDuration) {
    throw new AwsError("ValidationError", `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }
}

function assumed(state: IdentityState, ctx: RequestContext, roleArn: string, verdict: RoleTrustVerdict, session: string, seconds: number, details: Record<string, string>): { creds: IssuedCredentials; principal: Principal } {
  const account = roleArn.split(":")[4]!;
  const principal: Principal = {
    account,
    arn: `arn:aws:sts::${account}:assumed-role/${verdict.roleName}/${session}`,
    userId: `${verdict.roleId}:${session}`,
    details: { roleArn, ...details },
  };
  return { creds: issueCredentials(state, principal, ctx.clock.now(), seconds), principal };
}

export const getCallerIdentity = identityOperation<Record<string, never>, GetCallerIdentityResponse>({
  name: "GetCallerIdentity",
  async handle(_input, ctx, state) {
    const caller = await callerOf(ctx, state);
    return { UserId: caller.userId, Account: caller.account, Arn: caller.arn };
  },
});

export const assumeRole = identityOperation<AssumeRoleRequest, AssumeRoleResponse>({
  name: "AssumeRole",
  async handle(input, ctx, state) {
    const caller = await callerOf(ctx, state);
    const context: Record<string, string> = { "aws:PrincipalAccount": caller.account, "aws:PrincipalArn": caller.arn };
    if (input.ExternalId !== undefined) context["sts:ExternalId"] = input.ExternalId;
    const verdict = await trustOf(ctx, input.RoleArn!, "sts:AssumeRole", { aws: caller.arn }, context);
    if (!verdict) throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    const seconds = input.DurationSeconds ?? 3600;
    // Role chaining (a role session assuming a role) is limited to one hour whatever the role allows.
    if (caller.arn.includes(":assumed-role/") && seconds > 3600) {
      throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }
    checkDuration(seconds, verdict);
    const { creds, principal } = assumed(state, ctx, input.RoleArn!, verdict, input.RoleSessionName!, seconds, { source: "sts", sourceArn: caller.arn, ...(input.Policy !== undefined ? { policy: input.Policy } : {}) });
    return {
      Credentials: wire(creds),
      AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
      ...(input.Policy !== undefined ? { PackedPolicySize: Math.min(100, Math.ceil((input.Policy.length * 100) / 2048)) } : {}),
    };
  },
});

export const assumeRoleWithWebIdentity = identityOperation<AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse>({
  name: "AssumeRoleWithWebIdentity",
  async handle(input, ctx, state) {
    const token = await verifyWebIdentity(ctx, state, input.WebIdentityToken!);
    const context: Record<string, string | string[]> = { [`${token.provider}:aud`]: token.audience, [`${token.provider}:sub`]: token.subject };
    if (token.amr) context[`${token.provider}:amr`] = token.amr;
    const verdict = await trustOf(ctx, input.RoleArn!, "sts:AssumeRoleWithWebIdentity", { federated: token.provider }, context);
    if (!verdict) throw accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    const seconds = input.DurationSeconds ?? 3600;
    checkDuration(seconds, verdict);
    const { creds, principal } = assumed(state, ctx, input.RoleArn!, verdict, input.RoleSessionName!, seconds, { source: "sts-web-identity", provider: token.provider, subject: token.subject, audience: token.audience });
    return {
      Credentials: wire(creds),
      SubjectFromWebIdentityToken: token.subject,
      AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
      Provider: token.issuer,
      Audience: token.audience,
    };
  },
});

export const getSessionToken = identityOperation<GetSessionTokenRequest, GetSessionTokenResponse>({
  name: "GetSessionToken",
  async handle(input, ctx, state) {
    const caller = await callerOf(ctx, state);
    if (caller.session) throw accessDenied("Cannot call GetSessionToken with session credentials");
    const seconds = input.DurationSeconds ?? 43200;
    // The root user's session tokens last at most an hour.
    const max = caller.arn.endsWith(":root") ? 3600 : 129600;
    const creds = issueCredentials(state, { account: caller.account, arn: caller.arn, userId: caller.userId, details: { source: "sts-session" } }, ctx.clock.now(), Math.min(seconds, max));
    return { Credentials: wire(creds) };
  },
});
