/**
 * CloudWatch Logs filter patterns (FilterLogEvents; the same language serves metric and
 * subscription filters on AWS). Three forms, told apart by the first character:
 *   terms      `ERROR`, `"two words"`, `-excluded`, `?either ?or`, `%regex%`  (case-sensitive contains)
 *   JSON       `{ $.level = "ERROR" && ($.latency > 100 || $.path = "/x*") }`, `IS NULL`, `NOT EXISTS`
 *   delimited  `[ip, user, ..., status = 5*, bytes > 1000]` over space-separated fields, where
 *              text in "double quotes" or [brackets] is one field.
 * compileFilterPattern() parses once and returns a predicate over a message; a bad pattern throws
 * FilterPatternError with the message AWS gives.
 */

export class FilterPatternError extends Error {}

export type MessagePredicate = (message: string) => boolean;

export function compileFilterPattern(pattern: string): MessagePredicate {
  const text = pattern.trim();
  if (text === "") return () => true;
  if (text.startsWith("{")) {
    if (!text.endsWith("}")) throw new FilterPatternError("If a filter pattern starts with '{' it must end with '}'");
    return compileJson(text.slice(1, -1));
  }
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) throw new FilterPatternError("If a filter pattern starts with '[' it must end with ']'");
    return compileDelimited(text.slice(1, -1));
  }
  return compileTerms(text);
}

// ---------------------------------------------------------------- terms

interface Term {
  kind: "required" | "excluded" | "optional";
  test: (message: string) => boolean;
}

const BARE_TERM = /^[A-Za-z0-9_]+$/;

function compileTerms(text: string): MessagePredicate {
  const terms: Term[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " " || text[i] === "\t") {
      i++;
      continue;
    }
    let kind: Term["kind"] = "required";
    const termStart = i;
    if (text[i] === "-" || text[i] === "?") {
      kind = text[i] === "-" ? "excluded" : "optional";
      i++;
    }
    const start = i;
    let test: (message: string) => boolean;
    if (text[i] === '"') {
      const { value, end } = readQuoted(text, i);
      i = end;
      // AWS documents `" "` as the pattern that matches every event.
      test = value.trim() === "" && value.length > 0 ? () => true : containsTest(value, text.slice(start, i));
    } else if (text[i] === "%") {
      const { regex, end } = readRegex(text, i);
      i = end;
      test = (m) => regex.test(m);
    } else {
      while (i < text.length && text[i] !== " " && text[i] !== "\t") i++;
      const word = text.slice(start, i);
      if (!BARE_TERM.test(word)) throw invalidTerm(text.slice(termStart, i));
      test = (m) => m.includes(word);
    }
    terms.push({ kind, test });
  }
  const required = terms.filter((t) => t.kind === "required");
  const excluded = terms.filter((t) => t.kind === "excluded");
  const optional = terms.filter((t) => t.kind === "optional");
  return (message) =>
    required.every((t) => t.test(message)) &&
    !excluded.some((t) => t.test(message)) &&
    (optional.length === 0 || optional.some((t) => t.test(message)));
}

function containsTest(value: string, raw: string): (message: string) => boolean {
  if (value === "") throw invalidTerm(raw);
  return (m) => m.includes(value);
}

function invalidTerm(term: string): FilterPatternError {
  return new FilterPatternError(`Invalid filter pattern: Invalid character(s) in term '${term}'`);
}

function readQuoted(text: string, open: number): { value: string; end: number } {
  let value = "";
  let i = open + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === "\\" && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  if (i >= text.length) throw new FilterPatternError("Invalid filter pattern: unterminated quoted string");
  return { value, end: i + 1 };
}

function readRegex(text: string, open: number): { regex: RegExp; end: number } {
  const close = text.indexOf("%", open + 1);
  if (close < 0) throw new FilterPatternError("Invalid filter pattern: unterminated regular expression");
  const source = text.slice(open + 1, close);
  try {
    return { regex: new RegExp(source), end: close + 1 };
  } catch {
    throw new FilterPatternError(`Invalid filter pattern: invalid regular expression '${source}'`);
  }
}

// ---------------------------------------------------------------- expressions (JSON and delimited)

type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

type Literal =
  | { kind: "number"; value: number; text: string }
  | { kind: "string"; text: string; wildcard: RegExp | undefined }
  | { kind: "regex"; regex: RegExp };

type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "compare"; field: string; op: Op; literal: Literal }
  | { kind: "check"; field: string; check: "null" | "notExists" | "true" | "false" }
  | { kind: "present"; field: string };

type Token =
  | { t: "(" | ")" | "&&" | "||" }
  | { t: "op"; op: Op }
  | { t: "word"; text: string }
  | { t: "string"; text: string }
  | { t: "regex"; regex: RegExp };

const OPERATOR_CHARS = "=!<>()&|";

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ t: c });
      i++;
    } else if (text.startsWith("&&", i) || text.startsWith("||", i)) {
      out.push({ t: text.slice(i, i + 2) as "&&" | "||" });
      i += 2;
    } else if (c === "=" || c === "!" || c === "<" || c === ">") {
      const two = text.slice(i, i + 2);
      if (two === "!=" || two === "<=" || two === ">=") {
        out.push({ t: "op", op: two });
        i += 2;
      } else if (c === "!") {
        throw new FilterPatternError("Invalid filter pattern");
      } else {
        out.push({ t: "op", op: c as Op });
        i++;
      }
    } else if (c === '"') {
      const { value, end } = readQuoted(text, i);
      out.push({ t: "string", text: value });
      i = end;
    } else if (c === "%") {
      const { regex, end } = readRegex(text, i);
      out.push({ t: "regex", regex });
      i = end;
    } else {
      const start = i;
      while (i < text.length && !" \t\n".includes(text[i]!) && !OPERATOR_CHARS.includes(text[i]!)) i++;
      out.push({ t: "word", text: text.slice(start, i) });
    }
  }
  return out;
}

/** Recursive descent over tokens: or := and ('||' and)*; and := unary ('&&' unary)*. */
class ExprParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly isField: (word: string) => boolean,
    private readonly allowBareField: boolean,
  ) {}

  parse(): Expr {
    const e = this.or();
    if (this.pos < this.tokens.length) throw new FilterPatternError("Invalid filter pattern");
    return e;
  }
  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private or(): Expr {
    let left = this.and();
    while (this.peek()?.t === "||") {
      this.pos++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }
  private and(): Expr {
    let left = this.unary();
    while (this.peek()?.t === "&&") {
      this.pos++;
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }
  private unary(): Expr {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new FilterPatternError("Invalid filter pattern");
    if (tok.t === "(") {
      const inner = this.or();
      if (this.tokens[this.pos++]?.t !== ")") throw new FilterPatternError("Invalid filter pattern");
      return inner;
    }
    if (tok.t !== "word" || !this.isField(tok.text)) throw new FilterPatternError("Invalid filter pattern");
    const field = tok.text;
    const next = this.peek();
    if (next?.t === "op") {
      this.pos++;
      return { kind: "compare", field, op: next.op, literal: this.literal(next.op) };
    }
    if (next?.t === "word" && (next.text === "IS" || next.text === "NOT")) {
      this.pos++;
      const what = this.tokens[this.pos++];
      const word = what?.t === "word" ? what.text : "";
      if (next.text === "NOT" && word === "EXISTS") return { kind: "check", field, check: "notExists" };
      if (next.text === "IS" && word === "NULL") return { kind: "check", field, check: "null" };
      if (next.text === "IS" && word === "TRUE") return { kind: "check", field, check: "true" };
      if (next.text === "IS" && word === "FALSE") return { kind: "check", field, check: "false" };
      throw new FilterPatternError("Invalid filter pattern");
    }
    if (this.allowBareField) return { kind: "present", field };
    throw new FilterPatternError("Invalid filter pattern");
  }
  private literal(op: Op): Literal {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new FilterPatternError("Invalid filter pattern");
    if (tok.t === "regex") {
      if (op !== "=" && op !== "!=") throw new FilterPatternError("Invalid filter pattern");
      return { kind: "regex", regex: tok.regex };
    }
    if (tok.t === "string") return stringLiteral(tok.text);
    if (tok.t !== "word") throw new FilterPatternError("Invalid filter pattern");
    const n = Number(tok.text);
    if (tok.text !== "" && Number.isFinite(n)) return { kind: "number", value: n, text: tok.text };
    if (op !== "=" && op !== "!=") throw new FilterPatternError("Invalid filter pattern");
    return stringLiteral(tok.text);
  }
}

function stringLiteral(text: string): Literal {
  if (!text.includes("*")) return { kind: "string", text, wildcard: undefined };
  const source = text.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return { kind: "string", text, wildcard: new RegExp(`^${source}$`, "s") };
}

/** A field's value as the evaluator sees it: undefined when the field is absent. */
type FieldValue = string | number | boolean | null | object | undefined;

function evaluate(e: Expr, lookup: (field: string) => FieldValue, coerceNumbers: boolean): boolean {
  switch (e.kind) {
    case "and":
      return evaluate(e.left, lookup, coerceNumbers) && evaluate(e.right, lookup, coerceNumbers);
    case "or":
      return evaluate(e.left, lookup, coerceNumbers) || evaluate(e.right, lookup, coerceNumbers);
    case "present":
      return lookup(e.field) !== undefined;
    case "check": {
      const v = lookup(e.field);
      if (e.check === "notExists") return v === undefined;
      if (e.check === "null") return v === null;
      return v === (e.check === "true");
    }
    case "compare":
      return compare(lookup(e.field), e.op, e.literal, coerceNumbers);
  }
}

function compare(value: FieldValue, op: Op, literal: Literal, coerceNumbers: boolean): boolean {
  if (value === undefined || value === null || typeof value === "object") return false;
  if (literal.kind === "number") {
    let n: number | undefined = typeof value === "number" ? value : undefined;
    if (n === undefined && coerceNumbers && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) n = Number(value);
    if (n === undefined) {
      // `$.status = 200` against "200": equality falls back to the literal's text.
      if (op === "=") return String(value) === literal.text;
      if (op === "!=") return String(value) !== literal.text;
      return false;
    }
    switch (op) {
      case "=":
        return n === literal.value;
      case "!=":
        return n !== literal.value;
      case "<":
        return n < literal.value;
      case "<=":
        return n <= literal.value;
      case ">":
        return n > literal.value;
      case ">=":
        return n >= literal.value;
    }
  }
  const s = String(value);
  const matched = literal.kind === "regex" ? literal.regex.test(s) : literal.wildcard ? literal.wildcard.test(s) : s === literal.text;
  return op === "=" ? matched : !matched;
}

// ---------------------------------------------------------------- JSON

const SELECTOR = /^\$(\.[A-Za-z0-9_@\-$]+|\[\d+\])*$/;

function compileJson(body: string): MessagePredicate {
  const expr = new ExprParser(tokenize(body), (w) => SELECTOR.test(w), false).parse();
  const paths = new Map<string, (string | number)[]>();
  const pathOf = (selector: string): (string | number)[] => {
    let p = paths.get(selector);
    if (!p) {
      p = [...selector.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
      paths.set(selector, p);
    }
    return p;
  };
  return (message) => {
    const start = message.trimStart();
    if (!start.startsWith("{") && !start.startsWith("[")) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(expr, (selector) => resolvePath(doc, pathOf(selector)), false);
  };
}

function resolvePath(doc: unknown, path: (string | number)[]): FieldValue {
  let cur: unknown = doc;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (typeof key === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur as FieldValue;
}

// ---------------------------------------------------------------- space-delimited

type Slot = { ellipsis: true } | { ellipsis: false; name: string; condition: Expr | undefined };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Alignments tried per event before giving up (several `...` make the search combinatorial). */
const MAX_ALIGNMENTS = 10_000;

function compileDelimited(body: string): MessagePredicate {
  const slots: Slot[] = splitTopLevel(body).map((raw) => {
    const text = raw.trim();
    if (text === "...") return { ellipsis: true };
    if (FIELD_NAME.test(text)) return { ellipsis: false, name: text, condition: undefined };
    const tokens = tokenize(text);
    const first = tokens.find((t) => t.t === "word");
    if (!first || first.t !== "word" || !FIELD_NAME.test(first.text)) throw new FilterPatternError("Invalid filter pattern");
    return { ellipsis: false, name: first.text, condition: new ExprParser(tokens, (w) => FIELD_NAME.test(w), false).parse() };
  });
  if (slots.length === 0) throw new FilterPatternError("Invalid filter pattern");
  const conditions = slots.flatMap((s) => (!s.ellipsis && s.condition ? [s.condition] : []));
  return (message) => {
    const fields = splitFields(message);
    const bound = new Map<string, string>();
    let budget = MAX_ALIGNMENTS;
    const lookup = (name: string): FieldValue => bound.get(name);
    const match = (si: number, fi: number): boolean => {
      if (--budget < 0) return false;
      if (si === slots.length) return fi === fields.length && conditions.every((c) => evaluate(c, lookup, true));
      const slot = slots[si]!;
      if (slot.ellipsis) {
        for (let k = fi; k <= fields.length; k++) if (match(si + 1, k)) return true;
        return false;
      }
      if (fi >= fields.length) return false;
      bound.set(slot.name, fields[fi]!);
      return match(si + 1, fi + 1);
    };
    return match(0, 0);
  };
}

/** Splits on commas outside quotes, regexes and parentheses. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "%") {
      const close = c === '"' ? readQuoted(body, i).end - 1 : body.indexOf("%", i + 1);
      if (close < 0) throw new FilterPatternError("Invalid filter pattern: unterminated regular expression");
      i = close;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  if (parts.some((p) => p.trim() === "")) throw new FilterPatternError("Invalid filter pattern");
  return parts;
}

/** A log line's fields: runs of non-spaces, or text inside "quotes" or [brackets] as one field. */
export function splitFields(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = message.length;
  while (i < n) {
    const c = message[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === "[" ? "]" : undefined;
    if (close) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        fields.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    const start = i;
    while (i < n && message[i] !== " " && message[i] !== "\t") i++;
    fields.push(message.slice(start, i));
  }
  return fields;
}
