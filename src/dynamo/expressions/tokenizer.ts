/** Splits a DynamoDB expression into tokens, remembering where each starts (for error messages). */

export type TokenKind = "name" | "attrName" | "attrValue" | "number" | "punct" | "eof";

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCT2 = new Set(["<>", "<=", ">="]);


function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Returns the tokens, or the offending character's token when a character cannot start one. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (c === 35 || c === 58) {
      i++;
      while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
      tokens.push({ kind: c === 35 ? "attrName" : "attrValue", text: src.slice(start, i), start, end: i });
      continue;
    }
    if (c >= 48 && c <= 57) {
      while (i < src.length && src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 57) i++;
      if (i < src.length && isWordChar(src.charCodeAt(i))) {
        while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
        tokens.push({ kind: "name", text: src.slice(start, i), start, end: i });
      } else tokens.push({ kind: "number", text: src.slice(start, i), start, end: i });
      continue;
    }
    if (isWordChar(c)) {
      while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
      tokens.push({ kind: "name", text: src.slice(start, i), start, end: i });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      i += 2;
      tokens.push({ kind: "punct", text: two, start, end: i });
      continue;
    }
    i++;
    tokens.push({ kind: "punct", text: src[start]!, start, end: i });
  }
  tokens.push({ kind: "eof", text: "<EOF>", start: src.length, end: src.length });
  return tokens;
}
