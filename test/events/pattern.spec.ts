import { describe, expect, it } from "vitest";
import { PatternError, parsePattern } from "../../src/events/pattern/compile.js";
import { matches } from "../../src/events/pattern/match.js";

const event = {
  version: "0",
  id: "1",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "000000000000",
  time: "2026-01-01T00:00:00Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:000000000000:instance/i-1"],
  detail: {
    state: "running",
    count: 5,
    price: 300.0,
    ip: "10.0.0.12",
    ipv6: "2001:db8::1",
    file: "photos/cat.PNG",
    nothing: null,
    tags: ["a", "b"],
    items: [
      { kind: "x", size: 1 },
      { kind: "y", size: 2 },
    ],
  },
};

function m(pattern: unknown, e: unknown = event): boolean {
  return matches(parsePattern(JSON.stringify(pattern)), e);
}

describe("event patterns", () => {
  it("matches exact strings, numbers, null and booleans", () => {
    expect(m({ source: ["aws.ec2"] })).toBe(true);
    expect(m({ source: ["aws.s3"] })).toBe(false);
    expect(m({ detail: { count: [5] } })).toBe(true);
    expect(m({ detail: { price: [300] } })).toBe(true);
    expect(m({ detail: { count: ["5"] } })).toBe(false);
    expect(m({ detail: { nothing: [null] } })).toBe(true);
    expect(m({ detail: { flag: [true] } }, { detail: { flag: true } })).toBe(true);
  });
  it("needs every field and any value of a field", () => {
    expect(m({ source: ["aws.ec2"], detail: { state: ["stopped", "running"] } })).toBe(true);
    expect(m({ source: ["aws.ec2"], detail: { state: ["stopped"] } })).toBe(false);
  });
  it("matches any element of an array in the event", () => {
    expect(m({ detail: { tags: ["b"] } })).toBe(true);
    expect(m({ detail: { tags: ["c"] } })).toBe(false);
    expect(m({ resources: [{ prefix: "arn:aws:ec2:" }] })).toBe(true);
  });
  it("matches nested objects in arrays within one element", () => {
    expect(m({ detail: { items: { kind: ["x"], size: [1] } } })).toBe(true);
    expect(m({ detail: { items: { kind: ["x"], size: [2] } } })).toBe(false);
  });
  it("supports prefix and suffix, optionally ignoring case", () => {
    expect(m({ detail: { file: [{ prefix: "photos/" }] } })).toBe(true);
    expect(m({ detail: { file: [{ suffix: ".png" }] } })).toBe(false);
    expect(m({ detail: { file: [{ suffix: { "equals-ignore-case": ".png" } }] } })).toBe(true);
    expect(m({ detail: { file: [{ prefix: { "equals-ignore-case": "PHOTOS/" } }] } })).toBe(true);
  });
  it("supports anything-but", () => {
    expect(m({ detail: { state: [{ "anything-but": "stopped" }] } })).toBe(true);
    expect(m({ detail: { state: [{ "anything-but": ["running", "stopped"] }] } })).toBe(false);
    expect(m({ detail: { count: [{ "anything-but": [5] }] } })).toBe(false);
    expect(m({ detail: { state: [{ "anything-but": { prefix: "run" } }] } })).toBe(false);
    expect(m({ detail: { file: [{ "anything-but": { suffix: ".jpg" } }] } })).toBe(true);
    expect(m({ detail: { state: [{ "anything-but": { "equals-ignore-case": ["RUNNING"] } }] } })).toBe(false);
    expect(m({ detail: { absent: [{ "anything-but": "x" }] } })).toBe(false);
  });
  it("supports numeric ranges", () => {
    expect(m({ detail: { count: [{ numeric: [">", 0, "<=", 5] }] } })).toBe(true);
    expect(m({ detail: { count: [{ numeric: [">", 5] }] } })).toBe(false);
    expect(m({ detail: { count: [{ numeric: ["=", 5] }] } })).toBe(true);
    expect(m({ detail: { state: [{ numeric: [">", 0] }] } })).toBe(false);
  });
  it("supports exists", () => {
    expect(m({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(m({ detail: { absent: [{ exists: false }] } })).toBe(true);
    expect(m({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(m({ missing: { deeper: [{ exists: false }] } })).toBe(true);
    expect(m({ detail: { items: [{ exists: true }] } })).toBe(false);
  });
  it("supports cidr for IPv4 and IPv6", () => {
    expect(m({ detail: { ip: [{ cidr: "10.0.0.0/24" }] } })).toBe(true);
    expect(m({ detail: { ip: [{ cidr: "10.0.1.0/24" }] } })).toBe(false);
    expect(m({ detail: { ipv6: [{ cidr: "2001:db8::/32" }] } })).toBe(true);
  });
  it("supports equals-ignore-case and wildcard", () => {
    expect(m({ detail: { state: [{ "equals-ignore-case": "RUNNING" }] } })).toBe(true);
    expect(m({ detail: { file: [{ wildcard: "photos/*.PNG" }] } })).toBe(true);
    expect(m({ detail: { file: [{ wildcard: "*/dog*" }] } })).toBe(false);
    expect(m({ detail: { file: [{ wildcard: "photos\\*" }] } }, { detail: { file: "photos*" } })).toBe(true);
  });
  it("supports $or", () => {
    expect(m({ source: ["aws.ec2"], $or: [{ detail: { state: ["stopped"] } }, { detail: { count: [5] } }] })).toBe(true);
    expect(m({ $or: [{ detail: { state: ["stopped"] } }, { source: ["aws.s3"] }] })).toBe(false);
  });
  it("refuses invalid patterns", () => {
    const bad = [
      "[]",
      "not json",
      JSON.stringify({ source: "aws.ec2" }),
      JSON.stringify({ detail: { count: [{ numeric: [">", "x"] }] } }),
      JSON.stringify({ detail: { count: [{ numeric: ["!", 1] }] } }),
      JSON.stringify({ detail: { x: [{ unknown: 1 }] } }),
      JSON.stringify({ detail: { x: [{ exists: "yes" }] } }),
      JSON.stringify({ detail: { x: [{ wildcard: "a**b" }] } }),
      JSON.stringify({ detail: { x: [{ cidr: "300.0.0.0/8" }] } }),
      JSON.stringify({ $or: [{ a: ["1"] }] }),
    ];
    for (const text of bad) expect(() => parsePattern(text), text).toThrow(PatternError);
  });
});
