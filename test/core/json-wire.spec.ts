import { describe, expect, it } from "vitest";
import { JsonText, toJsonWire } from "../../src/core/protocols/aws-json.js";

describe("behaviour", () => {
  it("serializes plain outputs exactly as JSON.stringify does", () => {
    const output = { Item: { pk: { S: "a" }, n: { N: "1" }, l: { L: [{ BOOL: true }, { NULL: true }] } }, Count: 2, Missing: undefined };
    expect(toJsonWire(output)).toBe(JSON.stringify(output));
  });

  it("sends blobs as base64 and timestamps as epoch seconds, however deep", () => {
    const output = { Deep: [{ B: Buffer.from("hi") }, { U: new Uint8Array([1, 2]) }], At: new Date(1500), Name: "x" };
    expect(JSON.parse(toJsonWire(output))).toEqual({ Deep: [{ B: "aGk=" }, { U: "AQI=" }], At: 1.5, Name: "x" });
  });

  it("sends JsonText as it is", () => {
    expect(toJsonWire(new JsonText('{"a":1}'))).toBe('{"a":1}');
  });
});
