/**
 * Matches a request path against a deployment's resources as API Gateway does: literal path
 * parts before `{param}`, `{param}` before `{proxy+}`, and a method falls back to `ANY`.
 */
import type { Method, Resource } from "../rest/model.js";
import { decode, nullProto } from "./common.js";

interface Compiled {
  resource: Resource;
  parts: { literal?: string; param?: string; greedy?: boolean }[];
  /** The last part is `{name+}`. */
  greedy: boolean;
}

export interface RestMatch {
  resource: Resource;
  method: Method;
  pathParameters: Record<string, string> | null;
}

export class RestRouter {
  private readonly compiled: Compiled[];
  constructor(resources: Resource[]) {
    this.compiled = resources.map((resource) => {
      const parts = resource.path.split("/").filter(Boolean).map((p) => {
        const m = /^\{(.+?)(\+?)\}$/.exec(p);
        return m ? { param: m[1]!, greedy: m[2] === "+" } : { literal: p };
      });
      return { resource, parts, greedy: parts.at(-1)?.greedy === true };
    });
  }

  /** The best resource for the path; undefined when none matches (AWS: 403 Missing Authentication Token). */
  match(httpMethod: string, rawPath: string): RestMatch | undefined {
    // Segments are decoded once; candidates are ranked without allocating their parameters.
    const segments = rawPath.split("/").filter(Boolean).map(decode);
    let best: Compiled | undefined;
    let bestRank: number[] | undefined;
    for (const c of this.compiled) {
      if (c.greedy ? segments.length < c.parts.length : segments.length !== c.parts.length) continue;
      const methods = c.resource.resourceMethods;
      if (!methods || !(methods[httpMethod] ?? methods.ANY)) continue;
      const rank = rankOf(c.parts, segments);
      if (rank && (!bestRank || better(rank, bestRank))) {
        best = c;
        bestRank = rank;
      }
    }
    if (!best) return undefined;
    const methods = best.resource.resourceMethods!;
    return { resource: best.resource, method: (methods[httpMethod] ?? methods.ANY)!, pathParameters: paramsOf(best.parts, segments) };
  }
}

/** rank: per segment 3 literal, 2 param, 1 greedy — compared lexicographically; undefined: no match. */
function rankOf(parts: Compiled["parts"], segments: string[]): number[] | undefined {
  const rank: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.greedy) {
      rank.push(1);
      return rank;
    }
    if (part.literal !== undefined) {
      if (segments[i] !== part.literal) return undefined;
      rank.push(3);
    } else {
      rank.push(2);
    }
  }
  return rank;
}

function paramsOf(parts: Compiled["parts"], segments: string[]): Record<string, string> | null {
  let params: Record<string, string> | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.param === undefined) continue;
    params ??= nullProto<string>();
    params[part.param] = part.greedy ? segments.slice(i).join("/") : segments[i]!;
  }
  return params;
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}
