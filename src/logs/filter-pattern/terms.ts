/**
 * Unstructured patterns: `ERROR`, `"two words"`, `-excluded`, `?either ?or`, `%regex%` — each a
 * case-sensitive "contains" test on the whole message.
 */
import { FilterPatternError, readQuoted, readRegex, type MessagePredicate } from "./text.js";

interface Term {
  kind: "required" | "excluded" | "optional";
  test: (message: string) => boolean;
}

const BARE_TERM = /^[A-Za-z0-9_]+$/;

export function compileTerms(text: string): MessagePredicate {
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
