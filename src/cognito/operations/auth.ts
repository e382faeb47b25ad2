/** InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge, GetTokensFromRefreshToken. */
import { initiateAuth as initiate, refreshTokens } from "../auth/initiate.js";
import { respondToAuthChallenge as respond } from "../auth/respond.js";
import { allowedFlows } from "./clients.js";
import { errors } from "../errors.js";
import { loadClient, loadPool, type Json } from "../model.js";
import { metadata } from "../users.js";
import { cognitoOperation } from "../state.js";

export const initiateAuth = cognitoOperation<Json, Json>({
  name: "InitiateAuth",
  handle: (input, ctx, state) => initiate(state, ctx, input, false) as Promise<Json>,
});

export const adminInitiateAuth = cognitoOperation<Json, Json>({
  name: "AdminInitiateAuth",
  handle: (input, ctx, state) => initiate(state, ctx, input, true) as Promise<Json>,
});

export const respondToAuthChallenge = cognitoOperation<Json, Json>({
  name: "RespondToAuthChallenge",
  handle: (input, ctx, state) => respond(state, ctx, input, false) as Promise<Json>,
});

export const adminRespondToAuthChallenge = cognitoOperation<Json, Json>({
  name: "AdminRespondToAuthChallenge",
  handle: (input, ctx, state) => respond(state, ctx, input, true) as Promise<Json>,
});

export const getTokensFromRefreshToken = cognitoOperation<Json, Json>({
  name: "GetTokensFromRefreshToken",
  async handle(input, ctx, state) {
    const client = loadClient(state, input.ClientId);
    const pool = loadPool(state, client.UserPoolId);
    if (!allowedFlows(client).includes("ALLOW_REFRESH_TOKEN_AUTH")) throw errors.invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client");
    if (client.ClientSecret && input.ClientSecret !== client.ClientSecret) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
    const p: Record<string, string> = { REFRESH_TOKEN: typeof input.RefreshToken === "string" ? input.RefreshToken : "" };
    const result = await refreshTokens(state, ctx, pool, { ...client, ClientSecret: undefined }, p, metadata(input.ClientMetadata));
    return { AuthenticationResult: result };
  },
});
