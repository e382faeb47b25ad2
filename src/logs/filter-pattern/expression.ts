/**
 * The condition language JSON and space-delimited patterns share: comparisons (`=`, `!=`, `<`,
 * `<=`, `>`, `>=`) against numbers, strings with `*` wildcards or `%regex%`; `IS TRUE/FALSE/NULL`,
 * `NOT EXISTS`; `&&`, `||` and parentheses.
 */
import { FilterPatternError, readQuoted, readRegex } from "./text.js";

export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Literal =
  | { kind: "number"; value: number; text: string }
  | { kind: "string"; text: string; wildcard: RegExp | undefined }
  | { kind: "regex"; regex: RegExp };

export type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "compare"; field: string; op: Op; literal: Literal }
  | { kind: "check"; field: string; check: "null" | "notExists" | "true" | "false" }
  | { kind: "present"; field: string };

export type Token =
  | { t: "(" | ")" | "&&" | "||" }
  | { t: "op"; op: Op }
  | { t: "word"; text: string }
  | { t: "string"; text: string }
  | { t: "regex"; regex: RegExp };

const OPERATOR_CHARS = "=!<>()&|";

export function tokenize(text: string): Token[] {
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
export class ExprParser {
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
export type FieldValue = string | number | boolean | null | object | undefined;

export function evaluate(e: Expr, lookup: (field: string) => FieldValue, coerceNumbers: boolean): boolean {
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
