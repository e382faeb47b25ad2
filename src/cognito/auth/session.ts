/**
 * Auth sessions between InitiateAuth and RespondToAuthChallenge: bound to one user and client,
 * valid for the client's AuthSessionValidity (3 minutes by default) on the clock, kept in the store.
 */
import type { RequestContext } from "../../core/context.js";
import { errors } from "../errors.js";
import { newOpaque } from "../ids.js";
import { type Client } from "../model.js";
import type { CognitoState } from "../state.js";

export interface CustomStep {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

export interface AuthSession {
  poolId: string;
  clientId: string;
  username: string;
  challenge: string;
  admin: boolean;
  clientMetadata: Record<string, string>;
  /** PASSWORD_VERIFIER: the server's ephemeral and the client's A. */
  srp?: { b: string; B: string; A: string; fake?: boolean };
  /** CUSTOM_AUTH: the steps so far and the private parameters of the current challenge. */
  custom?: { history: CustomStep[]; privateParameters: Record<string, string>; metadata?: string; withSrp?: boolean };
  /** SMS_MFA / EMAIL_OTP: the code sent. */
  code?: string;
  /** MFA_SETUP: the secret being associated, and whether it was verified. */
  totpSecret?: string;
  totpVerified?: boolean;
  /** The PreTokenGeneration trigger source the tokens at the end of this exchange will carry. */
  triggerSource?: string;
}

export function createSession(state: CognitoState, ctx: RequestContext, client: Client, session: AuthSession, id = newOpaque(96)): string {
  const expires = ctx.clock.now() + client.AuthSessionValidity * 60_000;
  const cs = state.cs;
  cs.sweepSessions.run(ctx.clock.now() - 3_600_000);
  cs.putSession.run(id, expires, JSON.stringify(session));
  return id;
}

export function updateSession(state: CognitoState, ctx: RequestContext, id: string, session: AuthSession): void {
  const cs = state.cs;
  const row = cs.sessionById.get(id);
  if (row) cs.putSession.run(id, row.expires, JSON.stringify(session));
}

/** The session a client sent back, checked for expiry and for belonging to this client. */
export function loadSession(state: CognitoState, ctx: RequestContext, id: unknown, client: Client): AuthSession {
  if (typeof id !== "string" || id.length < 20 || id.length > 2048) throw errors.badSession();
  const row = state.cs.sessionById.get(id);
  if (!row) throw errors.badSession();
  if (row.expires <= ctx.clock.now()) throw errors.expiredSession();
  const session = JSON.parse(row.data) as AuthSession;
  if (session.clientId !== client.ClientId) throw errors.badSession();
  return session;
}

export function endSession(state: CognitoState, ctx: RequestContext, id: string): void {
  state.cs.deleteSession.run(id);
}
