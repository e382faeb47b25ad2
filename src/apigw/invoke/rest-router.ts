/**
 * Matches a request path against a deployment's resources as API Gateway does: literal path
 * parts before `{param}`, `{param}` before `{proxy+}`, and a method falls back to `ANY`.
 */
import type { Method, Resource } from "../rest/model.js";
import { decode, nullProto } from "./common.js";

interface Compiled {
  resource: Resource;
  parts: { literal?: string; param?: string; greedy?: boolean }[];
}

export interface RestMatch {
  resource: Resource;
  method: Method;
  pathParameters: Record<string, string> | null;
}

export class RestRouter {
  private readonly compiled: Compiled[];
  constructor(resources: Resource[]) {
    this.compiled = resources.map((resource) => ({
      resource,
      parts: resource.path.split("/").filter(Boolean).map((p) => {
        const m = /^\{(.+?)(\+?)\}$/.exec(p);
        return m ? { param: m[1]!, greedy: m[2] === "+" } : { literal: p };
      }),
    }));
  }

  /** The best resource for the path; undefined when none matches (AWS: 403 Missing Authentication Token). */
  match(httpMethod: string, rawPath: string): RestMatch | undefined {
    const segments = rawPath.split("/").filter(Boolean);
    let best: { c: Compiled; rank: number[]; params: Record<string, string> } | undefined;
    for (const c of this.compiled) {
      const methods = c.resource.resourceMethods;
      if (!methods || !(methods[httpMethod] ?? methods.ANY)) continue;
      const found = matchParts(c.parts, segments);
      if (!found) continue;
      if (!best || better(found.rank, best.rank)) best = { c, ...found };
    }
    if (!best) return undefined;
    const methods = best.c.resource.resourceMethods!;
    const params = best.params;
    return { resource: best.c.resource, method: (methods[httpMethod] ?? methods.ANY)!, pathParameters: Object.keys(params).length ? params : null };
  }
}

/** rank: per segment 3 literal, 2 param, 1 greedy — compared lexicographically. */
function matchParts(parts: Compiled["parts"], segments: string[]): { rank: number[]; params: Record<string, string> } | undefined {
  const params = nullProto<string>();
  const rank: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.greedy) {
      if (i >= segments.length) return undefined;
      params[part.param!] = segments.slice(i).map(decode).join("/");
      rank.push(1);
      return { rank, params: { ...params } };
    }
    const seg = segments[i];
    if (seg === undefined) return undefined;
    if (part.literal !== undefined) {
      if (decode(seg) !== part.literal) return undefined;
      rank.push(3);
    } else {
      params[part.param!] = decode(seg);
      rank.push(2);
    }
  }
  if (parts.length !== segments.length) return undefined;
  return { rank, params: { ...params } };
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}
