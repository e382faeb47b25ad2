/** Who signed an STS request: credentials issued here, an IAM user's key, or the account's root. */
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { findCredentials } from "../credentials.js";
import type { IdentityState } from "../state.js";

export interface Caller {
  account: string;
  arn: string;
  userId: string;
  /** Signed with temporary credentials issued here. */
  session: boolean;
}

export function expiredToken(): AwsError {
  return new AwsError("ExpiredToken", "The security token included in the request is expired", { status: 403 });
}

export async function callerOf(ctx: RequestContext, state: IdentityState): Promise<Caller> {
  const issued = findCredentials(state, ctx.accessKeyId);
  if (issued) {
    if (issued.expires <= ctx.clock.now()) throw expiredToken();
    return { account: issued.account, arn: issued.arn, userId: issued.user_id, session: true };
  }
  if (ctx.accessKeyId?.startsWith("AKIA")) {
    const user = await (await ctx.ports.get("RoleTrust")).userOfAccessKey(ctx.accessKeyId);
    if (user) return { ...user, session: false };
  }
  return { account: ctx.accountId, arn: `arn:aws:iam::${ctx.accountId}:root`, userId: ctx.accountId, session: false };
}
