/**
 * DynamoDB numbers: parsed from their decimal strings, never through a JavaScript float.
 * A number is kept as sign, significant digits (no leading or trailing zeros) and the decimal
 * exponent of its first digit, which is all that ordering, size and canonical output need.
 */
import { Decimal } from "decimal.js";
import { validation } from "./errors.js";

export interface ParsedNumber {
  negative: boolean;
  /** Significant digits, "" for zero. */
  digits: string;
  /** Exponent of the first digit: value = d.ddd × 10^exponent. */
  exponent: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const MAX_DIGITS = 38;
const MAX_EXPONENT = 125;
const MIN_EXPONENT = -130;

const Exact = Decimal.clone({ precision: 200, toExpNeg: -1000, toExpPos: 1000 });

export function parseNumber(text: string): ParsedNumber {
  const m = NUMBER.exec(text);
  const intPart = m?.[2] ?? "";
  const fracPart = m?.[3] ?? "";
  if (!m || (intPart === "" && fracPart === "")) throw validation(`The parameter cannot be converted to a numeric value: ${text}`);
  const all = intPart + fracPart;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  if (start === all.length) return { negative: false, digits: "", exponent: 0 };
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end--;
  const exp = m[4] ? Number(m[4]) : 0;
  return { negative: m[1] === "-", digits: all.slice(start, end), exponent: intPart.length - start - 1 + exp };
}

/** Validates a number as DynamoDB stores it and returns its canonical text. */
export function canonicalNumber(text: string): string {
  if (isPlainCanonical(text)) return text;
  return formatNumber(checkNumber(parseNumber(text)));
}

/**
 * True for text already in canonical form and short enough (at most 38 digits) to be in range:
 * `0`, or an optional `-`, an integer part without leading zeros (or a lone `0` before a
 * fraction) and a fraction that does not end in `0`. A loop, not a regex: most numbers sent are
 * like this.
 */
function isPlainCanonical(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 39) return false;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return false;
  let c = text.charCodeAt(i);
  if (c === 48) {
    if (n === 1) return true;
    i++;
    if (text.charCodeAt(i) !== 46) return false;
  } else {
    if (c < 49 || c > 57) return false;
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
    }
    if (i === n) return n - (text.charCodeAt(0) === 45 ? 1 : 0) <= MAX_DIGITS;
    if (c !== 46) return false;
  }
  // A fraction: at least one digit, the last not 0, and not all zeros.
  if (i + 1 >= n || text.charCodeAt(n - 1) === 48) return false;
  for (i++; i < n; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function checkNumber(n: ParsedNumber): ParsedNumber {
  if (n.digits === "") return n;
  if (n.digits.length > MAX_DIGITS) throw validation("Attempting to store more than 38 significant digits in a Number");
  if (n.exponent > MAX_EXPONENT) throw validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
  if (n.exponent < MIN_EXPONENT) throw validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
  return n;
}

/** Plain decimal notation, as DynamoDB returns numbers. */
export function formatNumber(n: ParsedNumber): string {
  if (n.digits === "") return "0";
  const sign = n.negative ? "-" : "";
  const d = n.digits;
  const e = n.exponent;
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${d}`;
  if (e >= d.length - 1) return sign + d + "0".repeat(e - d.length + 1);
  return `${sign}${d.slice(0, e + 1)}.${d.slice(e + 1)}`;
}

export function compareNumbers(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(parseNumber(a), parseNumber(b));
}

function compareParsed(a: ParsedNumber, b: ParsedNumber): number {
  const sa = a.digits === "" ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === "" ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let c: number;
  if (a.exponent !== b.exponent) c = a.exponent < b.exponent ? -1 : 1;
  else c = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return sa < 0 ? -c : c;
}

/** a + b or a - b, exactly; the result is validated like a stored number. */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = new Exact(a);
  const y = new Exact(b);
  const r = subtract ? x.minus(y) : x.plus(y);
  return formatNumber(checkNumber(parseNumber(r.toFixed())));
}

/** Bytes DynamoDB charges for a number: about one per two significant digits, plus one. */
export function numberSize(text: string): number {
  // Plain decimal text (no exponent): count from the first to the last non-zero digit.
  let first = -1;
  let last = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 49 && c <= 57) {
      if (first < 0) first = i;
      last = i;
    } else if (c === 46) dots++;
    else if (c !== 48 && !(i === 0 && (c === 45 || c === 43))) return Math.ceil(parseNumber(text).digits.length / 2) + 1;
  }
  if (dots > 1) return Math.ceil(parseNumber(text).digits.length / 2) + 1;
  if (first < 0) return 1;
  const dotInside = dots === 1 && text.indexOf(".") > first && text.indexOf(".") < last ? 1 : 0;
  return Math.ceil((last - first + 1 - dotInside) / 2) + 1;
}

/**
 * Order-preserving bytes: zero is [1]; positives [2, exponent+130, digit+1 ...]; negatives
 * [0, 255-(exponent+130), 10-digit ..., 255] so memcmp order is numeric order.
 */
export function encodeNumberKey(text: string): Buffer {
  const n = parseNumber(text);
  if (n.digits === "") return Buffer.from([1]);
  const d = n.digits;
  const out = Buffer.allocUnsafe(d.length + (n.negative ? 3 : 2));
  if (n.negative) {
    out[0] = 0;
    out[1] = 255 - (n.exponent + 130);
    for (let i = 0; i < d.length; i++) out[i + 2] = 10 - (d.charCodeAt(i) - 48);
    out[d.length + 2] = 255;
  } else {
    out[0] = 2;
    out[1] = n.exponent + 130;
    for (let i = 0; i < d.length; i++) out[i + 2] = d.charCodeAt(i) - 47;
  }
  return out;
}
