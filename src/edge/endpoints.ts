/** `GET /_local/cloudfront`: every distribution with the local URLs that serve it. */
import type { HttpRequest, HttpResponse } from "../core/service.js";
import type { DistributionMeta } from "./distribution.js";
import type { EdgeState } from "./state.js";

export function listEndpoints(req: HttpRequest, state: EdgeState): HttpResponse {
  const port = /:(\d+)$/.exec(req.host)?.[1];
  const suffix = port ? `:${port}` : "";
  const distributions = state.sql.allDistributions.all().map((row) => {
    const meta = JSON.parse(row.meta) as DistributionMeta;
    const own = state.ownPorts.get(meta.config.CallerReference);
    const label = meta.domain.slice(0, meta.domain.indexOf("."));
    const aliases = (meta.config.Aliases as { Items?: string[] } | undefined)?.Items ?? [];
    return {
      id: meta.id,
      account: row.account,
      domainName: meta.domain,
      enabled: meta.config.Enabled,
      aliases,
      ...(own !== undefined && row.account === state.env.settings.accountId ? { port: own } : {}),
      urls: [...(own !== undefined && row.account === state.env.settings.accountId ? [`http://${state.env.settings.host}:${own}/`] : []), `${req.endpoint}/_aws/cloudfront/${meta.id}/`, `http://${label}.cloudfront.localhost${suffix}/`, ...aliases.map((a) => `http://${a}${suffix}/ (Host header)`)],
    };
  });
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ distributions }) };
}
