/**
 * The @connections management API (`@aws-sdk/client-apigatewaymanagementapi`) at
 * `/_aws/execute-api/<apiId>/<stage>/@connections/<id>`, and at `/@connections/<id>` so that a
 * client built with no endpoint inside a function (AWS_ENDPOINT_URL) reaches it too.
 */
import type { RequestContext } from "../../core/context.js";
import type { HttpResponse } from "../../core/service.js";
import { decode } from "../invoke/common.js";
import { closeConnection, touch } from "./sockets.js";
import { LIMITS } from "./state.js";
import { gatewayOf } from "../context.js";

function error(status: number, type: string, message: string | null, requestId: string): HttpResponse {
  return { status, headers: { "content-type": "application/json", "x-amzn-errortype": type, "x-amzn-requestid": requestId }, body: JSON.stringify({ message }) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export async function manageConnection(ctx: RequestContext, method: string, target: { apiId?: string; stage?: string; connectionId: string }, readBody: () => Promise<Buffer>): Promise<HttpResponse> {
  const id = ctx.requestId;
  const c = gatewayOf(ctx).connections.get(decode(target.connectionId));
  const ours = c && !c.gone && !c.closing && (target.apiId === undefined || (c.apiId === target.apiId && c.stage === target.stage));
  if (method === "POST") {
    let data: Buffer;
    try {
      data = await readBody();
    } catch {
      return error(413, "PayloadTooLargeException", "Message too long", id);
    }
    if (data.length > LIMITS.messageBytes) return error(413, "PayloadTooLargeException", "Message too long", id);
    if (!ours || c.socket.readyState !== c.socket.OPEN) return error(410, "GoneException", null, id);
    c.socket.send(data, { binary: false });
    touch(ctx, c);
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
