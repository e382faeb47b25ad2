/** Parses a PartiQL statement with the generated parser and numbers its `?` parameters. */
import peggy from "peggy";
import { validation } from "../errors.js";
import type { ParamNode, Statement } from "./ast.js";
import { PARTIQL_GRAMMAR } from "./grammar.js";

let parser: peggy.Parser | undefined;

export interface ParsedStatement {
  statement: Statement;
  /** Parameter number (0-based, in textual order) of each `?`, by its offset in the text. */
  params: Map<number, number>;
}

// Applications send the same parameterised statements over and over; a parse costs ~100 us (the
// grammar compiles in ~300 ms, once, on the first statement), a cache hit nothing. Parsed
// statements are never mutated, so one can serve every request that sends its text.
const CACHE_SIZE = 1000;
const cache = new Map<string, ParsedStatement>();

export function parseStatement(text: string): ParsedStatement {
  const cached = cache.get(text);
  if (cached) return cached;
  const parsed = parseUncached(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedStatement {
  parser ??= peggy.generate(PARTIQL_GRAMMAR);
  let statement: Statement;
  try {
    statement = parser.parse(text) as Statement;
  } catch (e) {
    throw validation(`Statement wasn't well formed, can't be processed: ${describeSyntaxError(e, text)}`);
  }
  const offsets: number[] = [];
  collectParams(statement, offsets);
  offsets.sort((a, b) => a - b);
  return { statement, params: new Map(offsets.map((o, i) => [o, i])) };
}

// DynamoDB's wording for the commonest mistakes; the rest name the unexpected token.
function describeSyntaxError(e: unknown, text: string): string {
  const err = e as { found?: string | null; location?: { start: { offset: number } } };
  const offset = err.location?.start.offset ?? 0;
  if (offset === 0 || text.slice(0, offset).trim() === "") return "Expected data manipulation";
  if (err.found === null || err.found === undefined) return "Unexpected end of statement";
  const token = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(offset))?.[0];
  return token ? `Unexpected keyword or identifier: ${token}` : `Unexpected term: ${err.found}`;
}

function collectParams(node: unknown, out: number[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectParams(n, out);
  } else if (node !== null && typeof node === "object") {
    if ((node as ParamNode).kind === "param") out.push((node as ParamNode).offset);
    else for (const v of Object.values(node)) collectParams(v, out);
  }
}
