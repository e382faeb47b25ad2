/**
 * The warm pool: idle environments per function version (LIFO, so a burst reuses the warmest),
 * a cap on worker threads alive at once (when reached, invocations wait, and idle environments
 * of other functions are reaped to make room), and reaping of environments idle for too long —
 * on the emulator's clock, so a virtual clock can age them.
 */
import type { Clock, TimerHandle } from "../core/clock.js";
import type { Environment } from "./environment.js";

export interface PooledEnvironment {
  env: Environment;
  key: string;
  /** `YYYY/MM/DD/[$LATEST]<hex>` */
  logStream: string;
  provisioned: boolean;
  reap?: TimerHandle;
  lastUsed: number;
}

export class EnvironmentPool {
  private idle = new Map<string, PooledEnvironment[]>();
  private live = new Set<PooledEnvironment>();
  private waiters: (() => void)[] = [];
  /** Invocations that waited for a free worker slot (for metrics). */
  waitedForWorker = 0;

  constructor(
    private readonly clock: Clock,
    public maxWorkers: number,
    public idleMs: number,
  ) {}

  get size(): number {
    return this.live.size;
  }
  get waiting(): number {
    return this.waiters.length;
  }

  /** A warm environment for `key`, or room for a new one (waiting while the worker cap is reached). */
  async acquire(key: string, spawn: () => PooledEnvironment): Promise<{ pooled: PooledEnvironment; cold: boolean }> {
    let waited = false;
    for (;;) {
      const warm = this.takeIdle(key);
      if (warm) return { pooled: warm, cold: false };
      if (this.live.size < this.maxWorkers || this.evictOneIdle()) {
        const pooled = spawn();
        this.live.add(pooled);
        return { pooled, cold: true };
      }
      if (!waited) {
        waited = true;
        this.waitedForWorker++;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Adds a pre-initialized (provisioned) environment as idle. */
  addProvisioned(pooled: PooledEnvironment): void {
    this.live.add(pooled);
    this.release(pooled);
  }

  countIdle(key: string, provisionedOnly: boolean): number {
    return (this.idle.get(key) ?? []).filter((p) => p.env.alive && (!provisionedOnly || p.provisioned)).length;
  }

  countLive(predicate: (p: PooledEnvironment) => boolean): number {
    let n = 0;
    for (const p of this.live) if (p.env.alive && predicate(p)) n++;
    return n;
  }

  release(pooled: PooledEnvironment): void {
    if (!pooled.env.alive) return this.discard(pooled);
    pooled.lastUsed = this.clock.now();
    let list = this.idle.get(pooled.key);
    if (!list) {
      list = [];
      this.idle.set(pooled.key, list);
    }
    // Provisioned environments are taken first (at the end: the list is used as a stack).
    if (pooled.provisioned) list.push(pooled);
    else {
      const firstProvisioned = list.findIndex((p) => p.provisioned);
      if (firstProvisioned < 0) list.push(pooled);
      else list.splice(firstProvisioned, 0, pooled);
      // One reap timer per environment, re-armed when it fires early, rather than one set and
      // cancelled per invocation.
      pooled.reap ??= this.clock.setTimer(pooled.lastUsed + this.idleMs, () => this.reapIfIdle(pooled));
    }
    this.wakeOne();
  }

  discard(pooled: PooledEnvironment): void {
    pooled.reap?.cancel();
    pooled.env.kill();
    this.removeIdle(pooled);
    if (this.live.delete(pooled)) this.wakeOne();
  }

  /** Ends every environment whose key matches (function updated, deleted, reloaded). */
  discardWhere(predicate: (p: PooledEnvironment) => boolean): void {
    for (const [key, list] of this.idle) {
      for (const p of list.filter(predicate)) this.discard(p);
      if (list.length === 0) this.idle.delete(key);
    }
  }

  /** Busy environments matching are ended once released. */
  clear(): void {
    for (const p of [...this.live]) this.discard(p);
    this.idle.clear();
  }

  private takeIdle(key: string): PooledEnvironment | undefined {
    const list = this.idle.get(key);
    while (list && list.length > 0) {
      const p = list.pop()!;
      if (p.env.alive) return p;
      this.live.delete(p);
    }
    return undefined;
  }

  private removeIdle(pooled: PooledEnvironment): void {
    const list = this.idle.get(pooled.key);
    if (!list) return;
    const i = list.indexOf(pooled);
    if (i >= 0) list.splice(i, 1);
  }

  private reapIfIdle(pooled: PooledEnvironment): void {
    pooled.reap = undefined;
    if (!this.idle.get(pooled.key)?.includes(pooled)) return; // busy: release() arms it again
    const due = pooled.lastUsed + this.idleMs;
    if (this.clock.now() >= due) this.discard(pooled);
    else pooled.reap = this.clock.setTimer(due, () => this.reapIfIdle(pooled));
  }

  private evictOneIdle(): boolean {
    let oldest: PooledEnvironment | undefined;
    for (const list of this.idle.values()) {
      for (const p of list) if (!p.provisioned && (!oldest || p.lastUsed < oldest.lastUsed)) oldest = p;
    }
    if (!oldest) return false;
    this.discard(oldest);
    return this.live.size < this.maxWorkers;
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
