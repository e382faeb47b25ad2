/** Alternate domain names (CNAMEs): which distribution a Host names, and CNAMEAlreadyExists. */
import type { DistributionMeta } from "./distribution.js";
import { edgeErrors } from "./errors.js";

export function aliasesOf(meta: DistributionMeta): string[] {
  return ((meta.config.Aliases as { Items?: string[] } | undefined)?.Items ?? []).map((a) => a.toLowerCase());
}

export class AliasIndex {
  private byHost = new Map<string, string>();

  rebuild(all: DistributionMeta[]): void {
    this.byHost.clear();
    for (const m of all) this.set(m.id, aliasesOf(m));
  }

  set(id: string, aliases: string[]): void {
    this.remove(id);
    for (const a of aliases) this.byHost.set(a, id);
  }

  remove(id: string): void {
    for (const [host, owner] of this.byHost) if (owner === id) this.byHost.delete(host);
  }

  /** An exact alias first, then a wildcard `*.parent` one level up (as CloudFront matches). */
  match(host: string): string | undefined {
    const exact = this.byHost.get(host);
    if (exact !== undefined) return exact;
    const dot = host.indexOf(".");
    return dot > 0 ? this.byHost.get(`*${host.slice(dot)}`) : undefined;
  }

  /** Every alias must be free or already the distribution's own. */
  checkFree(aliases: string[], self: string | undefined): void {
    for (const a of aliases) {
      const owner = this.byHost.get(a);
      if (owner !== undefined && owner !== self) throw edgeErrors.cnameAlreadyExists();
    }
  }
}
