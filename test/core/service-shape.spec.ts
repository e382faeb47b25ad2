import { afterAll, describe, expect, it } from "vitest";
import { serviceWithState, type ServiceManifest } from "../../src/core/service.js";
import { startLocalAws, type LocalAws } from "../../src/index.js";

/** A service in the one shape: typed state built by core per server, given to hooks and handlers. */
interface CounterState {
  server: string;
  hits: number;
  restored: number;
}
const { service } = serviceWithState<CounterState>();
const counter = service({
  name: "counter",
  apis: [],
  createState: (env) => ({ server: env.endpoint(), hits: 0, restored: 0 }),
  afterRestore: (_env, state) => void (state.restored += 1),
  handleHttp: async (req, _ctx, state) => {
    if (req.rawPath !== "/_local/counter") return undefined;
    state.hits += 1;
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(state) };
  },
});
const manifest: ServiceManifest = { name: "counter", tablePrefix: "counter_", apis: [], dataPlane: { paths: [/^\/_local\/counter$/] }, load: async () => counter };

const servers: LocalAws[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

async function hit(aws: LocalAws): Promise<CounterState> {
  return (await (await fetch(`${aws.endpoint}/_local/counter`)).json()) as CounterState;
}

describe("the one service shape", () => {
  it("gives each server its own state, built from its env, to handlers and hooks (one ServiceDef, no module-level maps)", async () => {
    for (let i = 0; i < 2; i++) servers.push(await startLocalAws({ port: 0, inMemory: true, logLevel: "silent", services: [manifest] }));
    const [a, b] = servers as [LocalAws, LocalAws];
    expect(await hit(a)).toEqual({ server: a.endpoint, hits: 1, restored: 0 });
    expect(await hit(a)).toEqual({ server: a.endpoint, hits: 2, restored: 0 });
    expect(await hit(b)).toEqual({ server: b.endpoint, hits: 1, restored: 0 });
    await a.reset();
    expect(await hit(a)).toEqual({ server: a.endpoint, hits: 3, restored: 1 });
    expect(a.server.registry.stateOf("counter")).toMatchObject({ hits: 3 });
  });
});
