import { LocalAwsError } from "./errors.js";
import type { PortName, Ports } from "./ports.js";
import type { PortRegistry, ServiceDef, ServiceEnv, ServiceManifest } from "./service.js";

/**
 * Loads services on first use (or in the background after the server listens), runs their
 * migrations, starts them, and holds the ports they provide.
 */
export class ServiceRegistry implements PortRegistry {
  private loading = new Map<string, Promise<ServiceDef>>();
  private loaded = new Map<string, ServiceDef>();
  private ports = new Map<PortName, unknown>();
  private env!: ServiceEnv;

  constructor(readonly manifests: ServiceManifest[]) {}

  bind(env: Omit<ServiceEnv, "ports">): void {
    this.env = { ...env, ports: this };
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
        this.env.store.migrate(manifest.name, def.migrations ?? []);
        await def.start?.(this.env);
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
    const migrated = new Set(this.env.store.migratedServices());
    return Promise.all(this.manifests.filter((m) => migrated.has(m.name) || m.eager?.(this.env.settings)).map((m) => this.load(m)));
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
    for (const [name, def] of this.loaded) this.env.store.migrate(name, def.migrations ?? []);
    for (const def of this.loaded.values()) def.afterRestore?.(this.env);
  }

  async stop(): Promise<void> {
    for (const def of this.loaded.values()) await def.stop?.(this.env);
  }
}
