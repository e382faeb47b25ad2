/**
 * Space-delimited patterns: `[ip, user, ..., status = 5*, bytes > 1000]` over the message's
 * fields, where text in "double quotes" or [brackets] is one field and `...` any number of them.
 */
import { evaluate, ExprParser, tokenize, type Expr, type FieldValue } from "./expression.js";
import { FilterPatternError, readQuoted, type MessagePredicate } from "./text.js";

type Slot = { ellipsis: true } | { ellipsis: false; name: string; condition: Expr | undefined };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Alignments tried per event before giving up (several `...` make the search combinatorial). */
const MAX_ALIGNMENTS = 10_000;

export function compileDelimited(body: string): MessagePredicate {
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
