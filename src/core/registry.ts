import { LocalAwsError } from "./errors.js";
import type { JobScheduler } from "./jobs/jobs.js";
import type { EventLog } from "./log/event-log.js";
import type { PortName, Ports } from "./ports.js";
import type { PortRegistry, ServiceDef, ServiceEnv, ServiceManifest } from "./service.js";

/** What core gives the registry; each service gets its own view of it (`envFor`). */
export type CoreEnv = Omit<ServiceEnv, "ports" | "eventLog" | "jobs"> & { eventLog: EventLog; jobs: JobScheduler };

/**
 * Loads services on first use (or in the background after the server listens), runs their
 * migrations, starts them, and holds the ports they provide.
 */
export class ServiceRegistry implements PortRegistry {
  private loading = new Map<string, Promise<ServiceDef>>();
  private loaded = new Map<string, ServiceDef>();
  private states = new Map<string, unknown>();
  private ports = new Map<PortName, unknown>();
  private core!: CoreEnv;
  private envs = new Map<string, ServiceEnv>();

  constructor(readonly manifests: ServiceManifest[]) {}

  bind(core: CoreEnv): void {
    this.core = core;
    this.envs.clear();
    for (const m of this.manifests) for (const [name, kinds] of Object.entries(m.consumes ?? {})) core.eventLog.declare(m.name, name, kinds);
    core.eventLog.loadOwner = (owner) => {
      const manifest = this.manifests.find((m) => m.name === owner);
      if (manifest && !this.loaded.has(owner)) void core.bus.track(this.load(manifest).catch((err: unknown) => core.log.error({ err, service: owner }, "a service failed to start")));
    };
    core.jobs.loadOwner = async (owner) => {
      const manifest = this.manifests.find((m) => m.name === owner);
      if (manifest) await this.load(manifest);
    };
  }

  /** The environment a service is given: the shared pieces, with the event log and jobs scoped to it. */
  envFor(service: string): ServiceEnv {
    let env = this.envs.get(service);
    if (!env) {
      const { eventLog, jobs, ...shared } = this.core;
      env = { ...shared, ports: this, eventLog: eventLog.forOwner(service), jobs: jobs.forOwner(service) };
      this.envs.set(service, env);
    }
    return env;
  }

  /** The state a service built at load (`ServiceDef.createState`), undefined if it has none. */
  stateOf(service: string): unknown {
    return this.states.get(service);
  }

  /** The service if it is already loaded (lets the hot path skip an await). */
  loadedService(name: string): ServiceDef | undefined {
    return this.loaded.get(name);
  }

  load(manifest: ServiceManifest): Promise<ServiceDef> {
    let p = this.loading.get(manifest.name);
    if (!p) {
      p = (async () => {
        const def = await manifest.load();
        this.core.store.migrate(manifest.name, def.migrations ?? []);
        const env = this.envFor(manifest.name);
        const state = def.createState?.(env);
        this.states.set(manifest.name, state);
        await def.start?.(env, state as never);
        this.loaded.set(manifest.name, def);
        return def;
      })();
      this.loading.set(manifest.name, p);
      p.catch(() => this.loading.delete(manifest.name));
    }
    return p;
  }

  loadAll(): Promise<ServiceDef[]> {
    return Promise.all(this.manifests.map((m) => this.load(m)));
  }

  /**
   * Loads the services that already have state in the store (their timers, queues and pollers must
   * resume after a restart) or that ask to (`eager`); the others load on first use, which keeps start-up and idle memory small.
   */
  loadStateful(): Promise<ServiceDef[]> {
    const migrated = new Set(this.core.store.migratedServices());
    // A consumer with facts it has not read loads its service even if that service has no tables yet.
    for (const owner of this.core.eventLog.ownersWithPending()) migrated.add(owner);
    return Promise.all(this.manifests.filter((m) => migrated.has(m.name) || m.eager?.(this.core.settings)).map((m) => this.load(m)));
  }

  loadedServices(): ServiceDef[] {
    return [...this.loaded.values()];
  }

  provide<K extends PortName>(name: K, impl: Ports[K]): void {
    this.ports.set(name, impl);
  }

  async get<K extends PortName>(name: K): Promise<Ports[K]> {
    if (!this.ports.has(name)) {
      const owner = this.manifests.find((m) => m.provides?.includes(name));
      if (owner) await this.load(owner);
    }
    const impl = this.ports.get(name);
    if (!impl) throw new LocalAwsError("LA_ERR_NO_PORT", `no service provides the ${name} port (is the service implemented?)`);
    return impl as Ports[K];
  }

  /** After restore/reset: the image may predate a service's tables, so migrate again, then rebuild. */
  afterRestore(): void {
    for (const [name, def] of this.loaded) this.core.store.migrate(name, def.migrations ?? []);
    this.core.eventLog.afterRestore(this.manifests.flatMap((m) => Object.entries(m.consumes ?? {}).map(([name, kinds]) => ({ owner: m.name, name, kinds }))));
    this.core.jobs.afterRestore();
    for (const [name, def] of this.loaded) def.afterRestore?.(this.envFor(name), this.states.get(name) as never);
  }

  async stop(): Promise<void> {
    this.core.eventLog.close();
    this.core.jobs.close();
    for (const [name, def] of this.loaded) await def.stop?.(this.envFor(name), this.states.get(name) as never);
  }
}
