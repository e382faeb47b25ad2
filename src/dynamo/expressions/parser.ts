/**
 * One recursive-descent parser for the five expression kinds. Precedence as DynamoDB defines it:
 * comparisons, IN, BETWEEN and functions bind tightest, then parentheses, NOT, AND, OR.
 */
import { compareValues, type AttributeValue } from "../attribute-value.js";
import { validation } from "../errors.js";
import type { ExpressionAttributes } from "./attributes.js";
import type { Condition, Operand, PathNode, UpdateAction } from "./ast.js";
import { isReserved } from "./reserved-words.js";
import { tokenize, type Token } from "./tokenizer.js";

export type ExpressionKind = "ConditionExpression" | "FilterExpression" | "KeyConditionExpression" | "ProjectionExpression" | "UpdateExpression";

const CONDITION_FUNCTIONS: Record<string, number> = { attribute_exists: 1, attribute_not_exists: 1, attribute_type: 2, begins_with: 2, contains: 2 };
const UPDATE_FUNCTIONS: Record<string, number> = { if_not_exists: 2, list_append: 2 };
const PATH_FIRST = new Set(["attribute_exists", "attribute_not_exists", "attribute_type", "size", "if_not_exists"]);
const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const ATTRIBUTE_TYPES = new Set(["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"]);
const SECTIONS = new Set(["SET", "REMOVE", "ADD", "DELETE"]);
const MAX_EXPRESSION_BYTES = 4096;

/** `{N:5}`, as DynamoDB prints values inside messages. */
function avText(av: AttributeValue): string {
  const [type, v] = Object.entries(av)[0] ?? ["NULL", true];
  return `{${type}:${String(v)}}`;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly src: string,
    private readonly kind: ExpressionKind,
    private readonly attrs: ExpressionAttributes,
  ) {
    // DynamoDB caps every expression at 4 KB (UTF-8 bytes, as sent), which also bounds its nesting.
    const size = src.length > MAX_EXPRESSION_BYTES / 3 ? Buffer.byteLength(src, "utf8") : src.length;
    if (size > MAX_EXPRESSION_BYTES) this.fail(`Expression size has exceeded the maximum allowed size; expression size: ${size}`);
    if (src.trim() === "") this.fail("The expression can not be empty;");
    this.tokens = tokenize(src);
  }

  fail(message: string): never {
    throw validation(`Invalid ${this.kind}: ${message}`);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    return this.tokens[this.pos < this.tokens.length - 1 ? this.pos++ : this.pos]!;
  }
  private syntaxError(tok: Token = this.peek()): never {
    const idx = this.tokens.indexOf(tok);
    const prev = idx > 0 ? this.tokens[idx - 1] : undefined;
    // DynamoDB quotes the token between its neighbours: `a = = b` → near "= = b", `!!!` → near "!!".
    const after = tok.kind === "eof" ? undefined : this.tokens[idx + 1];
    const end = after && after.kind !== "eof" ? after.end : tok.end;
    const near = tok.kind === "eof" ? (prev?.text ?? "") : this.src.slice(prev ? prev.start : tok.start, end);
    this.fail(`Syntax error; token: "${tok.text}", near: "${near}"`);
  }
  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "punct" && t.text === text;
  }
  private expect(text: string): void {
    if (!this.isPunct(text)) this.syntaxError();
    this.next();
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "name" && t.text.toUpperCase() === word;
  }
  end(): void {
    if (this.peek().kind !== "eof") this.syntaxError();
  }

  // ---- paths and operands ----
  private nameElement(tok: Token): string {
    if (tok.kind === "attrName") {
      const resolved = this.attrs.names?.[tok.text];
      if (resolved === undefined) this.fail(`An expression attribute name used in the document path is not defined; attribute name: ${tok.text}`);
      this.attrs.usedNames.add(tok.text);
      return resolved;
    }
    if (tok.kind !== "name" || /^\d/.test(tok.text)) this.syntaxError(tok);
    if (isReserved(tok.text)) this.fail(`Attribute name is a reserved keyword; reserved keyword: ${tok.text}`);
    return tok.text;
  }

  path(): PathNode {
    const elements: (string | number)[] = [this.nameElement(this.next())];
    for (;;) {
      if (this.isPunct(".")) {
        this.next();
        elements.push(this.nameElement(this.next()));
      } else if (this.isPunct("[")) {
        this.next();
        const t = this.next();
        if (t.kind !== "number") this.syntaxError(t);
        elements.push(Number(t.text));
        this.expect("]");
      } else return { kind: "path", elements };
    }
  }

  private value(tok: Token): Operand {
    const value = this.attrs.values?.[tok.text];
    if (value === undefined) this.fail(`An expression attribute value used in expression is not defined; attribute value: ${tok.text}`);
    this.attrs.usedValues.add(tok.text);
    return { kind: "value", name: tok.text, value };
  }

  private call(name: string, inUpdate: boolean): Operand {
    this.expect("(");
    const args: Operand[] = [];
    if (!this.isPunct(")")) {
      args.push(this.operand(inUpdate));
      while (this.isPunct(",")) {
        this.next();
        args.push(this.operand(inUpdate));
      }
    }
    this.expect(")");
    const arity = CONDITION_FUNCTIONS[name] ?? UPDATE_FUNCTIONS[name] ?? (name === "size" ? 1 : undefined);
    if (arity === undefined) this.fail(`Invalid function name; function: ${name}`);
    if (args.length !== arity) this.fail(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
    if (PATH_FIRST.has(name) && args[0]!.kind !== "path") this.fail(`Operator or function requires a document path; operator or function: ${name}`);
    if (name === "attribute_type" && args[1]!.kind === "value") {
      const t = args[1].value.S;
      if (t === undefined || !ATTRIBUTE_TYPES.has(t)) {
        this.fail(`Invalid attribute type name found; type: ${t ?? Object.keys(args[1].value)[0]}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
      }
    }
    return { kind: "function", name, args };
  }

  /** An operand: path, :value or function call (arithmetic only in SET, handled by the caller). */
  operand(inUpdate: boolean): Operand {
    const t = this.peek();
    if (t.kind === "attrValue") return this.value(this.next());
    if (t.kind === "name" && this.isPunct("(", 1)) {
      this.next();
      const fn = this.call(t.text, inUpdate);
      if (fn.kind === "function") {
        if (inUpdate && !(fn.name in UPDATE_FUNCTIONS)) this.fail(`The function is not allowed in an update expression; function: ${fn.name}`);
        if (!inUpdate && fn.name in UPDATE_FUNCTIONS) this.fail(`The function is not allowed in a condition expression; function: ${fn.name}`);
        if (!inUpdate && fn.name in CONDITION_FUNCTIONS) this.fail(`The function is not allowed to be used this way in an expression; function: ${fn.name}`);
      }
      return fn;
    }
    if (t.kind === "name" || t.kind === "attrName") return this.path();
    this.syntaxError();
  }

  // ---- conditions ----
  condition(): Condition {
    let left = this.and();
    while (this.isKeyword("OR")) {
      this.next();
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }
  private and(): Condition {
    let left = this.not();
    while (this.isKeyword("AND")) {
      this.next();
      left = { kind: "and", left, right: this.not() };
    }
    return left;
  }
  private not(): Condition {
    if (this.isKeyword("NOT")) {
      this.next();
      return { kind: "not", operand: this.not() };
    }
    return this.primary();
  }
  private primary(): Condition {
    if (this.isPunct("(")) {
      this.next();
      const c = this.condition();
      this.expect(")");
      return c;
    }
    const t = this.peek();
    if (t.kind === "name" && this.isPunct("(", 1) && t.text in CONDITION_FUNCTIONS) {
      this.next();
      const fn = this.call(t.text, false) as { name: string; args: Operand[] };
      return { kind: "call", name: fn.name, args: fn.args };
    }
    const left = this.operand(false);
    const op = this.peek();
    if (op.kind === "punct" && COMPARATORS.has(op.text)) {
      this.next();
      return { kind: "compare", op: op.text as "=", left, right: this.operand(false) };
    }
    if (this.isKeyword("BETWEEN")) {
      this.next();
      const low = this.operand(false);
      if (!this.isKeyword("AND")) this.syntaxError();
      this.next();
      const high = this.operand(false);
      if (low.kind === "value" && high.kind === "value" && (compareValues(low.value, high.value) ?? 0) > 0) {
        this.fail(
          `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${avText(low.value)}, upper bound operand: AttributeValue: ${avText(high.value)}`,
        );
      }
      return { kind: "between", operand: left, low, high };
    }
    if (this.isKeyword("IN")) {
      this.next();
      this.expect("(");
      const list = [this.operand(false)];
      while (this.isPunct(",")) {
        this.next();
        list.push(this.operand(false));
      }
      this.expect(")");
      if (list.length > 100) this.fail(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: "in", operand: left, list };
    }
    this.syntaxError();
  }

  // ---- update ----
  private setValue(): Operand {
    const left = this.operand(true);
    if (this.isPunct("+") || this.isPunct("-")) {
      const op = this.next().text as "+" | "-";
      return { kind: "arithmetic", op, left, right: this.operand(true) };
    }
    return left;
  }

  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    while (this.peek().kind !== "eof") {
      const t = this.next();
      const section = t.text.toUpperCase();
      if (t.kind !== "name" || !SECTIONS.has(section)) this.syntaxError(t);
      if (seen.has(section)) this.fail(`The "${section}" section can only be used once in an update expression;`);
      seen.add(section);
      for (;;) {
        const path = this.path();
        if (section === "SET") {
          this.expect("=");
          actions.push({ action: "SET", path, value: this.setValue() });
        } else if (section === "REMOVE") actions.push({ action: "REMOVE", path });
        else {
          const v = this.peek();
          if (v.kind !== "attrValue") this.syntaxError(v);
          actions.push({ action: section as "ADD", path, value: this.value(this.next()) });
        }
        if (!this.isPunct(",")) break;
        this.next();
      }
    }
    return actions;
  }

  projection(): PathNode[] {
    const paths = [this.path()];
    while (this.isPunct(",")) {
      this.next();
      paths.push(this.path());
    }
    return paths;
  }
}

export function parseCondition(src: string, kind: ExpressionKind, attrs: ExpressionAttributes): Condition {
  const p = new Parser(src, kind, attrs);
  const c = p.condition();
  p.end();
  return c;
}

export function parseUpdate(src: string, attrs: ExpressionAttributes): UpdateAction[] {
  const p = new Parser(src, "UpdateExpression", attrs);
  const actions = p.update();
  p.end();
  return actions;
}

export function parseProjection(src: string, attrs: ExpressionAttributes): PathNode[] {
  const p = new Parser(src, "ProjectionExpression", attrs);
  const paths = p.projection();
  p.end();
  return paths;
}
