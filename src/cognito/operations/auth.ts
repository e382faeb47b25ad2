/** InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge, GetTokensFromRefreshToken. */
import { defineOperation } from "../../core/service.js";
import { initiateAuth as initiate, refreshTokens } from "../auth/initiate.js";
import { respondToAuthChallenge as respond } from "../auth/respond.js";
import { allowedFlows } from "./clients.js";
import { errors } from "../errors.js";
import { loadClient, loadPool, type Json } from "../model.js";
import { metadata } from "../users.js";

export const initiateAuth = defineOperation<Json, Json>({
  name: "InitiateAuth",
  handle: (input, ctx) => initiate(ctx, input, false) as Promise<Json>,
});

export const adminInitiateAuth = defineOperation<Json, Json>({
  name: "AdminInitiateAuth",
  handle: (input, ctx) => initiate(ctx, input, true) as Promise<Json>,
});

export const respondToAuthChallenge = defineOperation<Json, Json>({
  name: "RespondToAuthChallenge",
  handle: (input, ctx) => respond(ctx, input, false) as Promise<Json>,
});

export const adminRespondToAuthChallenge = defineOperation<Json, Json>({
  name: "AdminRespondToAuthChallenge",
  handle: (input, ctx) => respond(ctx, input, true) as Promise<Json>,
});

export const getTokensFromRefreshToken = defineOperation<Json, Json>({
  name: "GetTokensFromRefreshToken",
  async handle(input, ctx) {
    const client = loadClient(ctx, input.ClientId);
    const pool = loadPool(ctx, client.UserPoolId);
    if (!allowedFlows(client).includes("ALLOW_REFRESH_TOKEN_AUTH")) throw errors.invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client");
    if (client.ClientSecret && input.ClientSecret !== client.ClientSecret) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
    const p: Record<string, string> = { REFRESH_TOKEN: typeof input.RefreshToken === "string" ? input.RefreshToken : "" };
    const result = await refreshTokens(ctx, pool, { ...client, ClientSecret: undefined }, p, metadata(input.ClientMetadata));
    return { AuthenticationResult: result };
  },
});
