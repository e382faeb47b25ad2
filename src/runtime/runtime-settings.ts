/** The `lambda` section of the config file as the runtime reads it (schema: config-schema.ts). */
import { availableParallelism } from "node:os";
import { defaultPrices, type Prices } from "./metrics.js";

export interface RuntimeSettings {
  accountConcurrency: number;
  maxWorkers: number;
  idleSeconds: number;
  /** Booted workers kept ready per memory size in use (0 turns it off). */
  spareWorkers: number;
  /** Worker threads (hosts) a function version gets before its environments share them. */
  workersPerFunction: number;
  /** Environments one host may run. */
  environmentsPerWorker: number;
  prices: Prices;
}

export function readSettings(config: Record<string, unknown>): RuntimeSettings {
  const l = (config.lambda ?? {}) as Partial<RuntimeSettings> & { prices?: Partial<Prices> };
  return {
    accountConcurrency: typeof l.accountConcurrency === "number" ? l.accountConcurrency : 1000,
    maxWorkers: typeof l.maxWorkers === "number" ? l.maxWorkers : 256,
    idleSeconds: typeof l.idleSeconds === "number" ? l.idleSeconds : 300,
    spareWorkers: typeof l.spareWorkers === "number" ? l.spareWorkers : 2,
    workersPerFunction: typeof l.workersPerFunction === "number" ? Math.max(1, l.workersPerFunction) : availableParallelism(),
    environmentsPerWorker: typeof l.environmentsPerWorker === "number" ? Math.max(1, l.environmentsPerWorker) : 50,
    prices: { ...defaultPrices, ...(l.prices ?? {}) },
  };
}
