/**
 * Lambda's data planes: function URLs (url-invoke.ts), and `/_local/lambda/*`: the metrics
 * endpoint and the deployment-package URLs GetFunction and GetLayerVersion return.
 */
import type { RequestContext } from "../core/context.js";
import type { HttpRequest, HttpResponse } from "../core/service.js";
import type { Runtime } from "./runtime.js";
import { invokeUrl, urlTarget } from "./url-invoke.js";

export async function handleDataPlane(req: HttpRequest, ctx: RequestContext, rt: Runtime): Promise<HttpResponse | undefined> {
  const url = urlTarget(req);
  if (url) return invokeUrl(rt, req, ctx, url);
  if (req.method === "GET" && /^\/_local\/lambda\/metrics\/?$/.test(req.rawPath)) {
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ...rt.metrics.report(), environments: rt.pool.size, workerThreads: rt.hosts.count }) };
  }
  const m = /^\/_local\/lambda\/code\/(\d{12})\/([a-z0-9-]+)\/([a-zA-Z0-9-_]+)\/([^/]+)$/.exec(req.rawPath);
  if (req.method === "GET" && m) {
    let version: string;
    try {
      version = decodeURIComponent(m[4]!);
    } catch {
      return { status: 404, headers: { "content-type": "text/plain" }, body: "no such code" };
    }
    const v = rt.stmts.getVersion.get(m[1]!, m[2]!, m[3]!, version);
    if (!v || v.code_id.startsWith("path:")) return { status: 404, headers: { "content-type": "text/plain" }, body: "no such code" };
    return { status: 200, headers: { "content-type": "application/zip" }, body: rt.code.read(v.code_id) };
  }
  const layer = /^\/_local\/lambda\/layer-code\/(\d{12})\/([a-z0-9-]+)\/([a-zA-Z0-9-_]+)\/(\d+)$/.exec(req.rawPath);
  if (req.method === "GET" && layer) {
    const row = rt.stmts.getLayerVersion.get(layer[1]!, layer[2]!, layer[3]!, Number(layer[4]));
    if (!row || row.deleted) return { status: 404, headers: { "content-type": "text/plain" }, body: "no such layer version" };
    return { status: 200, headers: { "content-type": "application/zip" }, body: rt.code.read(row.code_id) };
  }
  return undefined;
}
