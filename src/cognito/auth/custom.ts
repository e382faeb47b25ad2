/**
 * CUSTOM_AUTH: the Define/Create/VerifyAuthChallenge triggers drive the exchange, with the history
 * of challenges in the session (CUSTOM_WITH_SRP starts with an `SRP_A` step and may ask for
 * PASSWORD_VERIFIER on the way).
 */
import type { RequestContext } from "../../core/context.js";
import { errors } from "../errors.js";
import { hashToken } from "../tokens.js";
import { serverEphemeral } from "../srp.js";
import { randomBytes } from "node:crypto";
import { runTrigger, triggerArn } from "../triggers.js";
import { triggerAttributes } from "../users.js";
import { finish, type AuthOutcome, type FlowContext } from "./outcome.js";
import { createSession, type CustomStep } from "./session.js";
import type { CognitoState } from "../state.js";

function stringMap(value: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

function sessionView(history: CustomStep[]): Record<string, unknown>[] {
  return history.map((s) => ({ challengeName: s.challengeName, challengeResult: s.challengeResult, challengeMetadata: s.challengeMetadata ?? null }));
}

export async function startCustomAuth(state: CognitoState, ctx: RequestContext, f: FlowContext, srpA: string | undefined): Promise<AuthOutcome> {
  if (!triggerArn(f.pool, "DefineAuthChallenge")) throw errors.notAuthorized("Custom auth lambda trigger is not configured for the user pool.");
  const history: CustomStep[] = srpA ? [{ challengeName: "SRP_A", challengeResult: true }] : [];
  return nextCustomStep(state, ctx, f, history, srpA);
}

/** Asks DefineAuthChallenge what comes next, and carries it out. */
export async function nextCustomStep(state: CognitoState, ctx: RequestContext, f: FlowContext, history: CustomStep[], srpA?: string): Promise<AuthOutcome> {
  const define = await runTrigger(ctx, f.pool, "DefineAuthChallenge", {
    triggerSource: "DefineAuthChallenge_Authentication",
    userName: f.user.Username,
    clientId: f.client.ClientId,
    request: { userAttributes: triggerAttributes(f.user), session: sessionView(history), clientMetadata: f.meta, userNotFound: false },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  const decision = (define?.response ?? {}) as { challengeName?: string | null; issueTokens?: boolean | null; failAuthentication?: boolean | null };
  if (decision.failAuthentication) throw errors.wrongPassword();
  if (decision.issueTokens) return { ChallengeParameters: {}, AuthenticationResult: await finish(state, ctx, f, "TokenGeneration_Authentication") };
  if (decision.challengeName === "PASSWORD_VERIFIER" && srpA && f.user.password) {
    const secretBlock = randomBytes(96).toString("base64");
    const eph = serverEphemeral(f.user.password.verifier);
    createSession(state, 
      ctx,
      f.client,
      { poolId: f.pool.Id, clientId: f.client.ClientId, username: f.user.Username, challenge: "PASSWORD_VERIFIER", admin: f.admin, clientMetadata: f.meta, srp: { ...eph, A: srpA }, custom: { history, privateParameters: {}, withSrp: true } },
      `srp:${hashToken(secretBlock)}`,
    );
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: { SALT: f.user.password.salt, SECRET_BLOCK: secretBlock, SRP_B: eph.B, USERNAME: f.user.Username, USER_ID_FOR_SRP: f.user.Username },
    };
  }
  if (decision.challengeName !== "CUSTOM_CHALLENGE") throw errors.invalidLambdaResponse("Invalid lambda response: challengeName must be CUSTOM_CHALLENGE, or issueTokens or failAuthentication set");
  const create = await runTrigger(ctx, f.pool, "CreateAuthChallenge", {
    triggerSource: "CreateAuthChallenge_Authentication",
    userName: f.user.Username,
    clientId: f.client.ClientId,
    request: { userAttributes: triggerAttributes(f.user), challengeName: "CUSTOM_CHALLENGE", session: sessionView(history), clientMetadata: f.meta, userNotFound: false },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  if (!create) throw errors.notAuthorized("Custom auth lambda trigger is not configured for the user pool.");
  const r = create.response as { publicChallengeParameters?: unknown; privateChallengeParameters?: unknown; challengeMetadata?: unknown };
  const session = createSession(state, ctx, f.client, {
    poolId: f.pool.Id,
    clientId: f.client.ClientId,
    username: f.user.Username,
    challenge: "CUSTOM_CHALLENGE",
    admin: f.admin,
    clientMetadata: f.meta,
    custom: { history, privateParameters: stringMap(r.privateChallengeParameters), metadata: typeof r.challengeMetadata === "string" ? r.challengeMetadata : undefined },
  });
  return { ChallengeName: "CUSTOM_CHALLENGE", Session: session, ChallengeParameters: { ...stringMap(r.publicChallengeParameters), USERNAME: f.user.Username } };
}

/** A CUSTOM_CHALLENGE answer: VerifyAuthChallengeResponse judges it; the result joins the history. */
export async function answerCustom(state: CognitoState, ctx: RequestContext, f: FlowContext, custom: { history: CustomStep[]; privateParameters: Record<string, string>; metadata?: string }, answer: string): Promise<AuthOutcome> {
  const verify = await runTrigger(ctx, f.pool, "VerifyAuthChallengeResponse", {
    triggerSource: "VerifyAuthChallengeResponse_Authentication",
    userName: f.user.Username,
    clientId: f.client.ClientId,
    request: { userAttributes: triggerAttributes(f.user), privateChallengeParameters: custom.privateParameters, challengeAnswer: answer, clientMetadata: f.meta, userNotFound: false },
    response: { answerCorrect: null },
  });
  const correct = (verify?.response as { answerCorrect?: unknown } | undefined)?.answerCorrect === true;
  const history = [...custom.history, { challengeName: "CUSTOM_CHALLENGE", challengeResult: correct, challengeMetadata: custom.metadata }];
  return nextCustomStep(state, ctx, f, history);
}
