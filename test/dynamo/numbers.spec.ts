/** Unit tests of number parsing, canonical form and the order-preserving key encoding. */
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { addNumbers, canonicalNumber, checkNumber, compareNumbers, encodeNumberKey, formatNumber, numberSize, parseNumber } from "../../src/dynamo/numbers.js";

/** A deterministic pseudo-random sequence (no flaky inputs). */
function* randomNumbers(count: number): Generator<string> {
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const digits = Array.from({ length: 1 + Math.floor(next() * 38) }, () => Math.floor(next() * 10)).join("");
    const exponent = Math.floor(next() * 250) - 125;
    const sign = next() < 0.5 ? "-" : "";
    yield `${sign}${digits}E${exponent}`;
  }
}

describe("validation", () => {
  it("rejects what DynamoDB rejects", () => {
    expect(() => canonicalNumber("1e")).toThrow("The parameter cannot be converted to a numeric value: 1e");
    expect(() => canonicalNumber("NaN")).toThrow("The parameter cannot be converted to a numeric value: NaN");
    expect(() => canonicalNumber("1".repeat(39))).toThrow("Attempting to store more than 38 significant digits in a Number");
    expect(() => canonicalNumber("10E125")).toThrow("Number overflow. Attempting to store a number with magnitude larger than supported range");
    expect(() => canonicalNumber("0.1E-130")).toThrow("Number underflow. Attempting to store a number with magnitude smaller than supported range");
  });
});

describe("behaviour", () => {
  it("canonicalises as DynamoDB returns numbers", () => {
    expect(["00042", "1.0", "1.5E2", "-0", "+7", ".5", "5.", "-0.000", "1E-130", "9.9E125"].map(canonicalNumber)).toEqual([
      "42", "1", "150", "0", "7", "0.5", "5", "0", `0.${"0".repeat(129)}1`, `99${"0".repeat(124)}`,
    ]);
    expect(canonicalNumber("123456789012345678901234567890123456780000")).toBe("123456789012345678901234567890123456780000");
  });

  it("takes the loop-checked shortcuts (canonical text, size by digits) only where the general parse agrees", () => {
    const samples = ["0", "-0", "00", "0.5", "0.50", "00.5", ".5", "5.", "-.5", "+5", "42", "4200", "-4200", "19.99", "19.90", "0.0001", "-0.0001", "1e5", "1E-5", "1.5e3", "10.5", "100.001"];
    samples.push("9".repeat(38), "9".repeat(39), `-${"9".repeat(38)}`, `0.${"0".repeat(36)}1`, `1${"0".repeat(45)}`, `${"1".repeat(20)}.${"1".repeat(18)}`, `${"1".repeat(20)}.${"1".repeat(19)}`);
    for (const text of randomNumbers(300)) {
      samples.push(text);
      try {
        const plain = formatNumber(checkNumber(parseNumber(text)));
        samples.push(plain, `${plain}0`, plain.replace(/^(-?)/, "$10"));
      } catch {
        // out of range: the E form above covers it
      }
    }
    for (const text of samples) {
      let general: string | Error;
      try {
        general = formatNumber(checkNumber(parseNumber(text)));
      } catch (err) {
        general = err as Error;
      }
      if (general instanceof Error) expect(() => canonicalNumber(text), text).toThrow(general.message);
      else {
        expect(canonicalNumber(text), text).toBe(general);
        expect(numberSize(text), text).toBe(Math.ceil(parseNumber(text).digits.length / 2) + 1);
      }
    }
  });

  it("encodes keys so byte order is numeric order", () => {
    const numbers = [...randomNumbers(2000), "0", "-0", "1", "-1", "10", "-10", "0.1", "-0.1"].filter((n) => {
      try {
        canonicalNumber(n);
        return true;
      } catch {
        return false;
      }
    });
    const byDecimal = [...numbers].sort((a, b) => new Decimal(a).comparedTo(new Decimal(b)));
    const byBytes = [...numbers].sort((a, b) => Buffer.compare(encodeNumberKey(canonicalNumber(a)), encodeNumberKey(canonicalNumber(b))));
    expect(byBytes.map((n) => new Decimal(n).toString())).toEqual(byDecimal.map((n) => new Decimal(n).toString()));
    for (let i = 1; i < byDecimal.length; i++) expect(compareNumbers(byDecimal[i - 1]!, byDecimal[i]!)).toBeLessThanOrEqual(0);
  });

  it("adds exactly and sizes numbers by significant digits", () => {
    expect(addNumbers("0.1", "0.2")).toBe("0.3");
    expect(addNumbers("1E125", "1E125", true)).toBe("0");
    expect(addNumbers("-5", "3")).toBe("-2");
    expect(numberSize("123")).toBe(3);
    expect(numberSize("1000000")).toBe(2);
  });
});
