import type { ManualClock } from "./clock.js";
import { LocalAwsError } from "./errors.js";
import { adminContentTypeRefusal } from "./guard.js";
import type { HttpRequest, HttpResponse } from "./service.js";

export interface AdminTarget {
  version: string;
  endpointNames(): string[];
  clock: { now(): number; virtual: boolean; manual?: ManualClock };
  settle(): Promise<void>;
  snapshot(): Promise<string>;
  restore(id: string): Promise<void>;
  reset(): Promise<void>;
}

function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

async function readJson(req: HttpRequest): Promise<Record<string, unknown>> {
  const body = await req.readBody(1024 * 1024, () => new LocalAwsError("LA_ERR_TOO_LARGE", "admin body over 1 MiB"));
  if (body.length === 0) return {};
  const parsed: unknown = JSON.parse(body.toString("utf8"));
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new LocalAwsError("LA_ERR_BAD_BODY", "expected a JSON object");
  return parsed as Record<string, unknown>;
}

const ROUTES = new Set(["health", "clock", "settle", "snapshot", "restore", "reset"].map((name) => `/_local/${name}`));

/** Whether the path names an admin route (any method): other `/_local/*` paths are data planes. */
export function isAdminPath(rawPath: string): boolean {
  return ROUTES.has(rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath);
}

/** `/_local/*`: health, clock, snapshot, restore, reset, settle. Undefined when not ours. */
export async function handleAdmin(req: HttpRequest, target: AdminTarget): Promise<HttpResponse | undefined> {
  const route = `${req.method} ${req.rawPath.replace(/\/$/, "")}`;
  const refused = isAdminPath(req.rawPath) ? adminContentTypeRefusal(req) : undefined;
  if (refused) return json(415, { error: "LA_ERR_CONTENT_TYPE", message: refused });
  try {
    switch (route) {
      case "GET /_local/health":
        return json(200, {
          status: "running",
          version: target.version,
          services: Object.fromEntries(target.endpointNames().map((n) => [n, "available"])),
        });
      case "GET /_local/clock":
        return json(200, { now: new Date(target.clock.now()).toISOString(), virtual: target.clock.virtual });
      case "POST /_local/clock": {
        const manual = target.clock.manual;
        if (!manual) return json(400, { error: "LA_ERR_NOT_VIRTUAL", message: "the clock is real; start with --virtual-clock to move it" });
        const body = await readJson(req);
        if (typeof body.advanceMs === "number") await manual.advance(body.advanceMs);
        else if (typeof body.set === "string" && !Number.isNaN(Date.parse(body.set))) await manual.set(Date.parse(body.set));
        else return json(400, { error: "LA_ERR_BAD_BODY", message: 'send {"advanceMs": N} or {"set": "<ISO time>"}' });
        await target.settle();
        return json(200, { now: new Date(manual.now()).toISOString(), virtual: true });
      }
      case "POST /_local/settle":
        await target.settle();
        return json(200, { settled: true });
      case "POST /_local/snapshot":
        return json(200, { id: await target.snapshot() });
      case "POST /_local/restore": {
        const body = await readJson(req);
        if (typeof body.id !== "string") return json(400, { error: "LA_ERR_BAD_BODY", message: 'send {"id": "<snapshot id>"}' });
        await target.restore(body.id);
        return json(200, { restored: body.id });
      }
      case "POST /_local/reset":
        await target.reset();
        return json(200, { reset: true });
      default:
        return undefined;
    }
  } catch (err) {
    if (err instanceof LocalAwsError) return json(400, { error: err.code, message: err.message });
    if (err instanceof SyntaxError) return json(400, { error: "LA_ERR_BAD_BODY", message: err.message });
    throw err;
  }
}
