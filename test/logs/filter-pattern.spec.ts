import { describe, expect, it } from "vitest";
import { compileFilterPattern, FilterPatternError, splitFields } from "../../src/logs/filter-pattern/index.js";

function matches(pattern: string, message: string): boolean {
  return compileFilterPattern(pattern)(message);
}

function errorOf(pattern: string): string {
  try {
    compileFilterPattern(pattern);
  } catch (err) {
    expect(err).toBeInstanceOf(FilterPatternError);
    return (err as Error).message;
  }
  throw new Error(`pattern ${pattern} compiled`);
}

describe("filter patterns: terms", () => {
  it("an empty pattern matches every event", () => {
    expect(matches("", "anything")).toBe(true);
    expect(matches("   ", "anything")).toBe(true);
  });

  it('" " (a quoted space) matches every event, as AWS documents', () => {
    expect(matches('" "', "nospace")).toBe(true);
  });

  it("a term matches events that contain it, case-sensitively", () => {
    expect(matches("ERROR", "[ERROR] disk full")).toBe(true);
    expect(matches("ERROR", "error: disk full")).toBe(false);
  });

  it("several terms must all appear, in any order", () => {
    expect(matches("ERROR ARGUMENTS", "ARGUMENTS were wrong: ERROR")).toBe(true);
    expect(matches("ERROR ARGUMENTS", "ERROR only")).toBe(false);
  });

  it("a quoted phrase matches the exact text, spaces and punctuation included", () => {
    expect(matches('"INTERNAL SERVER ERROR"', "500 INTERNAL SERVER ERROR at /x")).toBe(true);
    expect(matches('"INTERNAL SERVER ERROR"', "INTERNAL ERROR SERVER")).toBe(false);
    expect(matches('"user@example.com"', "login user@example.com ok")).toBe(true);
  });

  it("a quoted phrase may contain an escaped quote", () => {
    expect(matches('"say \\"hi\\""', 'they say "hi" loudly')).toBe(true);
  });

  it("-term excludes events that contain the term", () => {
    expect(matches("ERROR -Exiting", "ERROR retrying")).toBe(true);
    expect(matches("ERROR -Exiting", "ERROR Exiting now")).toBe(false);
    expect(matches('ERROR -"shutting down"', "ERROR shutting down")).toBe(false);
  });

  it("?terms match events that contain at least one of them", () => {
    expect(matches("?ERROR ?WARN", "WARN low memory")).toBe(true);
    expect(matches("?ERROR ?WARN", "ERROR crash")).toBe(true);
    expect(matches("?ERROR ?WARN", "INFO all good")).toBe(false);
    expect(matches('?"disk full" ?oom', "the disk full alarm")).toBe(true);
  });

  it("%regex% terms match a regular expression", () => {
    expect(matches("%ERR[0-9]{3}%", "code ERR404 raised")).toBe(true);
    expect(matches("%ERR[0-9]{3}%", "code ERR4 raised")).toBe(false);
  });

  it("rejects unquoted terms with characters other than letters, digits and underscore", () => {
    expect(errorOf("user@example.com")).toBe("Invalid filter pattern: Invalid character(s) in term 'user@example.com'");
    expect(errorOf("?")).toBe("Invalid filter pattern: Invalid character(s) in term '?'");
    expect(errorOf("ERROR -a.b")).toBe("Invalid filter pattern: Invalid character(s) in term '-a.b'");
  });

  it('rejects an empty quoted term ("")', () => {
    expect(errorOf('""')).toBe("Invalid filter pattern: Invalid character(s) in term '\"\"'");
  });

  it("rejects an unterminated quote", () => {
    expect(errorOf('"abc')).toMatch(/^Invalid filter pattern/);
  });
});

describe("filter patterns: JSON", () => {
  const event = JSON.stringify({
    level: "ERROR",
    latency: 150,
    path: "/x",
    user: { id: 7, name: "ada", admin: true, manager: null },
    tags: ["a", "b"],
    items: [{ id: 1 }, { id: 2 }],
    code: "200",
  });

  it("compares a string member with =", () => {
    expect(matches('{ $.level = "ERROR" }', event)).toBe(true);
    expect(matches('{ $.level = "WARN" }', event)).toBe(false);
    expect(matches("{$.level=ERROR}", event)).toBe(true);
  });

  it("compares with != (a missing member never matches)", () => {
    expect(matches('{ $.level != "WARN" }', event)).toBe(true);
    expect(matches('{ $.level != "ERROR" }', event)).toBe(false);
    expect(matches('{ $.missing != "x" }', event)).toBe(false);
  });

  it("compares numbers with = != < <= > >=", () => {
    expect(matches("{ $.latency > 100 }", event)).toBe(true);
    expect(matches("{ $.latency >= 150 }", event)).toBe(true);
    expect(matches("{ $.latency < 150 }", event)).toBe(false);
    expect(matches("{ $.latency <= 150 }", event)).toBe(true);
    expect(matches("{ $.latency = 150.0 }", event)).toBe(true);
    expect(matches("{ $.latency != 150 }", event)).toBe(false);
    expect(matches("{ $.latency > 1e2 }", event)).toBe(true);
  });

  it("does not compare strings numerically", () => {
    expect(matches("{ $.level > 1 }", event)).toBe(false);
    expect(matches("{ $.code > 100 }", event)).toBe(false);
    expect(matches("{ $.code = 200 }", event)).toBe(true);
  });

  it("combines conditions with && and ||, with parentheses", () => {
    expect(matches('{ $.latency > 100 && $.path = "/x" }', event)).toBe(true);
    expect(matches('{ $.latency > 100 && $.path = "/y" }', event)).toBe(false);
    expect(matches('{ $.latency > 500 || $.path = "/x" }', event)).toBe(true);
    expect(matches('{ ($.level = "WARN" || $.level = "ERROR") && $.latency > 100 }', event)).toBe(true);
    expect(matches('{ $.level = "WARN" || ($.level = "ERROR" && $.latency > 1000) }', event)).toBe(false);
  });

  it("&& binds tighter than ||", () => {
    expect(matches('{ $.level = "ERROR" || $.level = "X" && $.latency > 1000 }', event)).toBe(true);
  });

  it("follows nested members and array indexes", () => {
    expect(matches("{ $.user.id = 7 }", event)).toBe(true);
    expect(matches('{ $.user.name = "ada" }', event)).toBe(true);
    expect(matches('{ $.tags[1] = "b" }', event)).toBe(true);
    expect(matches("{ $.items[1].id = 2 }", event)).toBe(true);
    expect(matches("{ $.items[5].id = 2 }", event)).toBe(false);
  });

  it("matches * wildcards in string values", () => {
    expect(matches('{ $.path = "/*" }', event)).toBe(true);
    expect(matches('{ $.level = "ERR*" }', event)).toBe(true);
    expect(matches('{ $.level = "*RO*" }', event)).toBe(true);
    expect(matches('{ $.level = "W*" }', event)).toBe(false);
    expect(matches('{ $.level != "W*" }', event)).toBe(true);
  });

  it("matches %regex% values", () => {
    expect(matches("{ $.level = %^ERR% }", event)).toBe(true);
    expect(matches("{ $.level != %^ERR% }", event)).toBe(false);
  });

  it("supports IS TRUE, IS FALSE, IS NULL and NOT EXISTS", () => {
    expect(matches("{ $.user.admin IS TRUE }", event)).toBe(true);
    expect(matches("{ $.user.admin IS FALSE }", event)).toBe(false);
    expect(matches("{ $.user.manager IS NULL }", event)).toBe(true);
    expect(matches("{ $.user.name IS NULL }", event)).toBe(false);
    expect(matches("{ $.user.boss NOT EXISTS }", event)).toBe(true);
    expect(matches("{ $.user.name NOT EXISTS }", event)).toBe(false);
  });

  it("matches values written with JSON escapes (the text prefilter steps aside)", () => {
    expect(matches('{ $.level = "ERROR" }', '{"level":"ERR\\u004fR"}')).toBe(true);
    expect(matches('{ $.level = "ERROR" && $.n = 1 }', '{"level":"\\u0045RROR","n":1}')).toBe(true);
  });

  it("matches numbers written in another notation than the pattern's text", () => {
    expect(matches('{ $.code = "1000" }', '{"code":1e3}')).toBe(true);
    expect(matches("{ $.code = 1000 }", '{"code":1e3}')).toBe(true);
  });

  it("requires nothing textual from either side of ||", () => {
    expect(matches('{ $.a = "x" || $.b = "y" }', '{"b":"y"}')).toBe(true);
    expect(matches('{ ($.a = "x" || $.b = "y") && $.c = "z" }', '{"b":"y","c":"z"}')).toBe(true);
    expect(matches('{ ($.a = "x" || $.b = "y") && $.c = "z" }', '{"b":"y","c":"w"}')).toBe(false);
  });

  it("never matches events that are not JSON", () => {
    expect(matches('{ $.level = "ERROR" }', "level=ERROR")).toBe(false);
    expect(matches('{ $.level = "ERROR" }', "{not json")).toBe(false);
  });

  it("rejects a pattern that starts with { and does not end with }", () => {
    expect(errorOf('{ $.level = "ERROR"')).toBe("If a filter pattern starts with '{' it must end with '}'");
  });

  it("rejects malformed expressions", () => {
    expect(errorOf("{ }")).toBe("Invalid filter pattern");
    expect(errorOf("{ level = 1 }")).toBe("Invalid filter pattern");
    expect(errorOf("{ $.a = }")).toBe("Invalid filter pattern");
    expect(errorOf("{ $.a = 1 && }")).toBe("Invalid filter pattern");
    expect(errorOf("{ ($.a = 1 }")).toBe("Invalid filter pattern");
    expect(errorOf("{ $.a > abc }")).toBe("Invalid filter pattern");
    expect(errorOf("{ $.a IS MAYBE }")).toBe("Invalid filter pattern");
  });
});

describe("filter patterns: space-delimited", () => {
  const apache = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';

  it("splits fields on spaces, keeping [bracketed] and \"quoted\" text as one field", () => {
    expect(splitFields(apache)).toEqual(["127.0.0.1", "-", "frank", "10/Oct/2000:13:25:15 -0700", "GET /apache_pb.gif HTTP/1.0", "404", "1534"]);
  });

  it("matches when the number of fields is the number of names", () => {
    expect(matches("[ip, user, username, timestamp, request, status_code, bytes]", apache)).toBe(true);
    expect(matches("[ip, user, username, timestamp, request, status_code]", apache)).toBe(false);
    expect(matches("[a, b, c, d, e, f, g, h]", apache)).toBe(false);
  });

  it("tests a field with = and a wildcard", () => {
    expect(matches("[ip, user, username, timestamp, request, status_code = 4*, bytes]", apache)).toBe(true);
    expect(matches("[ip, user, username, timestamp, request, status_code = 5*, bytes]", apache)).toBe(false);
    expect(matches("[ip, user, username, timestamp, request = *gif*, status_code, bytes]", apache)).toBe(true);
  });

  it("compares numeric fields", () => {
    expect(matches("[ip, user, username, timestamp, request, status_code = 404, bytes > 1000]", apache)).toBe(true);
    expect(matches("[ip, user, username, timestamp, request, status_code != 404, bytes]", apache)).toBe(false);
    expect(matches("[ip, user, username, timestamp, request, status_code >= 400, bytes < 1000]", apache)).toBe(false);
  });

  it("... stands for any number of fields", () => {
    expect(matches("[ip, ..., status_code = 404, bytes]", apache)).toBe(true);
    expect(matches("[..., status_code = 404, bytes]", apache)).toBe(true);
    expect(matches("[ip = 127.0.0.1, ...]", apache)).toBe(true);
    expect(matches("[ip, ..., user = frank, ..., bytes]", apache)).toBe(true);
    expect(matches("[ip, ..., user = alice, ..., bytes]", apache)).toBe(false);
    expect(matches("[..., status_code = 500, bytes]", apache)).toBe(false);
  });

  it("compares quoted values, and combines conditions with && and ||", () => {
    expect(matches('[ip, user, username, timestamp, request = "GET /apache_pb.gif HTTP/1.0", status_code, bytes]', apache)).toBe(true);
    expect(matches("[ip, user, username, timestamp, request, status_code = 4* && status_code != 404, bytes]", apache)).toBe(false);
    expect(matches("[ip, user, username, timestamp, request, status_code = 500 || status_code = 404, bytes]", apache)).toBe(true);
  });

  it("matches a first word", () => {
    expect(matches("[w1 = ERROR, w2]", "ERROR disk")).toBe(true);
    expect(matches("[w1 = ERROR, w2]", "INFO disk")).toBe(false);
  });

  it("rejects a pattern that starts with [ and does not end with ]", () => {
    expect(errorOf("[a, b")).toBe("If a filter pattern starts with '[' it must end with ']'");
  });

  it("rejects empty slots and malformed conditions", () => {
    expect(errorOf("[a, , b]")).toBe("Invalid filter pattern");
    expect(errorOf("[]")).toBe("Invalid filter pattern");
    expect(errorOf("[a = ]")).toBe("Invalid filter pattern");
    expect(errorOf("[1a = 3]")).toBe("Invalid filter pattern");
  });
});
