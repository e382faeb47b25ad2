import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import { httpApiErrors, type Invocation } from "./common.js";

export async function invokeHttpApi(ctx: RequestContext, _scope: Scope, _apiId: string, _path: string, _inv: (path: string, stageInPath: boolean) => Invocation): Promise<HttpResponse> {
  return httpApiErrors.notFound(ctx.requestId);
}
