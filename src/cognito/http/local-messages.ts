/** `GET /_local/cognito/messages?userPoolId=&username=` lists captured messages; `DELETE` clears them. */
import type { HttpRequest, HttpResponse } from "../../core/service.js";
import type { CognitoState } from "../state.js";

export const LOCAL_MESSAGES = /^\/_local\/cognito\/messages\/?$/;

export function localMessages(state: CognitoState, req: HttpRequest): HttpResponse | undefined {
  if (!LOCAL_MESSAGES.test(req.rawPath)) return undefined;
  const { cs } = state;
  const pool = req.query.get("userPoolId") ?? undefined;
  const username = req.query.get("username") ?? undefined;
  const headers = { "content-type": "application/json" };
  if (req.method === "DELETE") {
    if (pool && username) cs.clearUserMessages.run(pool, username);
    else if (pool) cs.clearPoolMessages.run(pool);
    else cs.clearMessages.run();
    return { status: 204, headers, body: "" };
  }
  if (req.method !== "GET") return { status: 405, headers, body: JSON.stringify({ error: "LA_ERR_METHOD", message: "GET or DELETE" }) };
  const rows = pool ? cs.messagesOfPool.all(pool) : cs.allMessages.all();
  let messages = rows.map((r) => JSON.parse(r.data) as { username: string; destination: string });
  // A username may also be given as the address the message went to (the email a user signed up with).
  if (username) messages = messages.filter((m) => m.username === username || m.destination === username);
  return { status: 200, headers, body: JSON.stringify(messages) };
}
