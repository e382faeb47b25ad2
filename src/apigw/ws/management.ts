/**
 * The @connections management API (`@aws-sdk/client-apigatewaymanagementapi`) at
 * `/_aws/execute-api/<apiId>/<stage>/@connections/<id>`, and at `/@connections/<id>` so that a
 * client built with no endpoint inside a function (AWS_ENDPOINT_URL) reaches it too.
 */
import type { RequestContext } from "../../core/context.js";
import type { HttpRequest, HttpResponse } from "../../core/service.js";
import { decode } from "../invoke/common.js";
import type { ApigwState } from "../state.js";
import { closeConnection } from "./sockets.js";
import { LIMITS } from "./state.js";

function error(status: number, type: string, message: string | null, requestId: string): HttpResponse {
  return { status, headers: { "content-type": "application/json", "x-amzn-errortype": type, "x-amzn-requestid": requestId }, body: JSON.stringify({ message }) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

const TEXT_FRAME = { binary: false };
const tooLong = (): Error => new Error("too long");

/** PostToConnection sends the request's bytes as they came: no decoding, no copy beyond the frame. */
export async function manageConnection(ctx: RequestContext, gateway: ApigwState, req: HttpRequest, target: { apiId?: string; stage?: string; connectionId: string }): Promise<HttpResponse> {
  const id = ctx.requestId;
  const method = req.method;
  const c = gateway.connections.get(decode(target.connectionId));
  const ours = c && !c.gone && !c.closing && (target.apiId === undefined || (c.apiId === target.apiId && c.stage === target.stage));
  if (method === "POST") {
    let data: Buffer;
    try {
      data = await req.readBody(LIMITS.messageBytes, tooLong);
    } catch {
      return error(413, "PayloadTooLargeException", "Message too long", id);
    }
    if (!ours || c.socket.readyState !== c.socket.OPEN) return error(410, "GoneException", null, id);
    c.socket.send(data, TEXT_FRAME);
    c.lastActiveAt = ctx.clock.now();
    return { status: 200, headers: { "x-amzn-requestid": id }, body: "" };
  }
  if (!ours) return error(410, "GoneException", null, id);
  if (method === "GET") {
    return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": id }, body: JSON.stringify({ connectedAt: iso(c.connectedAt), identity: { sourceIp: c.sourceIp, userAgent: c.userAgent }, lastActiveAt: iso(c.lastActiveAt) }) };
  }
  if (method === "DELETE") {
    closeConnection(c, 1000, "");
    return { status: 204, headers: { "x-amzn-requestid": id }, body: "" };
  }
  return error(403, "ForbiddenException", "Forbidden", id);
}
