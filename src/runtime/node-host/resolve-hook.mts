/**
 * A module resolve hook (registered by loader.cts on a host's second environment of an ES module
 * function): the function's own ES modules imported by an environment's module get that
 * environment's `?env=N` too, so each environment has its own instances.
 */
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<ResolveResult>;

let root = "";

export function initialize(data: { root: string }): void {
  root = data.root;
}

export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<ResolveResult> {
  const r = await next(specifier, context);
  const parent = context.parentURL;
  const at = parent ? parent.indexOf("?env=") : -1;
  if (!parent || at < 0 || !r.url.startsWith(root) || r.url.includes("/node_modules/") || r.url.includes("?")) return r;
  return { ...r, url: r.url + parent.slice(at) };
}
