/** Pieces every form of filter pattern shares: its error, its predicate type, quoted text and regexes. */

export class FilterPatternError extends Error {}

export type MessagePredicate = (message: string) => boolean;

export function readQuoted(text: string, open: number): { value: string; end: number } {
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

export function readRegex(text: string, open: number): { regex: RegExp; end: number } {
  const close = text.indexOf("%", open + 1);
  if (close < 0) throw new FilterPatternError("Invalid filter pattern: unterminated regular expression");
  const source = text.slice(open + 1, close);
  try {
    return { regex: new RegExp(source), end: close + 1 };
  } catch {
    throw new FilterPatternError(`Invalid filter pattern: invalid regular expression '${source}'`);
  }
}
