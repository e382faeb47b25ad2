/** The hosted UI and OAuth2 endpoints (filled in below). */
import type { RequestContext } from "../../core/context.js";
import type { HttpRequest, HttpResponse } from "../../core/service.js";

export function handleHostedUi(_req: HttpRequest, _ctx: RequestContext): Promise<HttpResponse | undefined> {
  return Promise.resolve(undefined);
}
