/**
 * Provisioned concurrency: N environments initialized ahead of time for a version or alias; they
 * serve invocations without an init phase and are never reaped. Beyond N, on-demand environments
 * start cold.
 */
import type { ResolvedFunction, Runtime } from "./runtime.js";

function keyOf(f: ResolvedFunction): string {
  return `${f.scope.accountId}:${f.scope.region}:${f.name}:${f.version}:`;
}

/** Brings the provisioned environments of `f`'s version to `n` (in the background, tracked). */
export function startProvisioning(rt: Runtime, f: ResolvedFunction, _qualifier: string, n: number): void {
  const prefix = keyOf(f);
  const mine = (p: { key: string; provisioned: boolean }): boolean => p.provisioned && p.key.startsWith(prefix);
  const have = rt.pool.countLive(mine);
  if (n < have) {
    let extra = have - n;
    rt.pool.discardWhere((p) => mine(p) && extra-- > 0);
    return;
  }
  const work = (async () => {
    const results = await Promise.all(Array.from({ length: n - have }, () => rt.provision(f)));
    const fails = rt.provisioningFailures;
    if (results.includes(false)) fails.set(prefix, "FUNCTION_ERROR_INIT_FAILURE: the function's init phase failed.");
    else fails.delete(prefix);
  })();
  void rt.env.bus.track(work);
}

export function provisionedStatus(rt: Runtime, f: ResolvedFunction, requested: number): { allocated: number; status: string; reason?: string } {
  const prefix = keyOf(f);
  const allocated = rt.pool.countLive((p) => p.provisioned && p.key.startsWith(prefix));
  const reason = rt.provisioningFailures.get(prefix);
  if (reason) return { allocated, status: "FAILED", reason };
  return { allocated: Math.min(allocated, requested), status: allocated >= requested ? "READY" : "IN_PROGRESS" };
}

/** Re-creates every configured provisioned environment (start, restore). */
export function provisionAll(rt: Runtime): void {
  for (const row of rt.stmts.listProvisioned.all()) {
    try {
      const f = rt.resolve({ accountId: row.account, region: row.region }, row.name, row.qualifier);
      startProvisioning(rt, f, row.qualifier, row.requested);
    } catch {
      // the version is gone
    }
  }
}
