/**
 * Own ports from the config file: `{"cloudfront": {"distributions": {"<CallerReference>": {"port": 8080}}}}`
 * serves the configured account's distribution with that CallerReference at the root of that port
 * (whenever it exists: it may be created after start-up), by passing requests on to its
 * `/_aws/cloudfront/<Id>/` URL on the main port.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { ServiceEnv } from "../core/service.js";
import type { EdgeState } from "./state.js";

export interface DeclaredDistribution {
  port?: number;
}

export function declaredPorts(config: Record<string, unknown>): Map<string, number> {
  const section = config.cloudfront as { distributions?: Record<string, DeclaredDistribution> } | undefined;
  const ports = new Map<string, number>();
  for (const [ref, d] of Object.entries(section?.distributions ?? {})) if (typeof d?.port === "number") ports.set(ref, d.port);
  return ports;
}

/** Hop-by-hop and length headers are the proxy's own on each side. */
const SKIPPED = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding", "content-encoding"]);

function listen(env: ServiceEnv, state: EdgeState, ref: string, port: number): Promise<Server> {
  const account = env.settings.accountId;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const row = state.sql.byCallerRef.get(account, ref);
      if (!row) {
        res.writeHead(404, { "content-type": "text/plain" }).end(`No distribution with CallerReference ${ref} in account ${account} yet.\n`);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !SKIPPED.has(k)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      const body = req.method === "GET" || req.method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
      fetch(`${env.endpoint()}/_aws/cloudfront/${row.id}${req.url ?? "/"}`, { method: req.method, headers, body, redirect: "manual" })
        .then(async (answer) => {
          const out: Record<string, string | string[]> = {};
          answer.headers.forEach((v, k) => {
            if (k !== "set-cookie" && !SKIPPED.has(k)) out[k] = v;
          });
          const cookies = answer.headers.getSetCookie();
          if (cookies.length > 0) out["set-cookie"] = cookies;
          const buffer = Buffer.from(await answer.arrayBuffer());
          out["content-length"] = String(buffer.length);
          res.writeHead(answer.status, out).end(req.method === "HEAD" ? undefined : buffer);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
          res.end("Bad gateway.\n");
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, env.settings.host, () => resolve(server));
  });
}

export async function startOwnPorts(env: ServiceEnv, state: EdgeState): Promise<void> {
  for (const [ref, port] of declaredPorts(env.settings.config)) {
    try {
      state.ownServers.push(await listen(env, state, ref, port));
      env.log.info({ callerReference: ref, url: `http://${env.settings.host}:${port}/` }, "CloudFront distribution port from the config file");
    } catch (err) {
      env.log.error({ err, callerReference: ref, port }, "CloudFront distribution port could not be opened; skipped");
    }
  }
}

export async function stopOwnPorts(state: EdgeState): Promise<void> {
  const list = state.ownServers.splice(0);
  await Promise.all(list.map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
}
