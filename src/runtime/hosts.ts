/**
 * Where a new execution environment goes: a new host (child process) while its function version
 * has fewer hosts than `workersPerFunction` (the machine's parallelism by default), else the
 * least loaded host of that version with room (fewer than `environmentsPerWorker` environments,
 * a heap under half its limit, and fewer than 4 × `environmentsPerWorker` started over its life),
 * else a new host. Different functions never share a host.
 */
import { Host, type HostSetup } from "./host.js";
import type { HostProcess } from "./host-process.js";
import { heapLimitMb } from "./spare-workers.js";

export interface Placement {
  workersPerFunction: number;
  environmentsPerWorker: number;
}

export class Hosts {
  private byKey = new Map<string, Host[]>();

  constructor(
    private readonly settings: Placement,
    private readonly boot: (memoryMb: number) => HostProcess,
  ) {}

  place(key: string, memoryMb: number, setup: () => HostSetup): Host {
    const list = this.byKey.get(key) ?? [];
    if (list.length >= this.settings.workersPerFunction) {
      let best: Host | undefined;
      for (const h of list) {
        const n = h.envs.size;
        if (!h.alive || n === 0 || n >= this.settings.environmentsPerWorker) continue;
        // A module loaded per environment stays in the thread's ESM cache: a host that has
        // started many takes no more, and ends with its last environment.
        if (h.started >= this.settings.environmentsPerWorker * 4) continue;
        if ((h.heapUsedMb * (n + 1)) / n > h.heapLimitMb / 2) continue;
        if (!best || n < best.envs.size) best = h;
      }
      if (best) return best;
    }
    const host = new Host(key, heapLimitMb(memoryMb), memoryMb, this.boot(memoryMb), setup(), (h) => this.forget(h));
    list.push(host);
    this.byKey.set(key, list);
    return host;
  }

  get count(): number {
    let n = 0;
    for (const list of this.byKey.values()) n += list.length;
    return n;
  }

  private forget(h: Host): void {
    const list = this.byKey.get(h.key);
    if (!list) return;
    const i = list.indexOf(h);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(h.key);
  }
}
