/**
 * CloudWatch Logs filter patterns (FilterLogEvents; the same language serves metric and
 * subscription filters on AWS). Three forms, told apart by the first character:
 *   terms      `ERROR`, `"two words"`, `-excluded`, `?either ?or`, `%regex%`  (case-sensitive contains)
 *   JSON       `{ $.level = "ERROR" && ($.latency > 100 || $.path = "/x*") }`, `IS NULL`, `NOT EXISTS`
 *   delimited  `[ip, user, ..., status = 5*, bytes > 1000]` over space-separated fields, where
 *              text in "double quotes" or [brackets] is one field.
 * compileFilterPattern() parses once and returns a predicate over a message; a bad pattern throws
 * FilterPatternError with the message AWS gives.
 */
import { compileDelimited } from "./delimited.js";
import { compileJson } from "./json.js";
import { compileTerms } from "./terms.js";
import { FilterPatternError, type MessagePredicate } from "./text.js";

export { FilterPatternError, type MessagePredicate } from "./text.js";
export { splitFields } from "./delimited.js";

export function compileFilterPattern(pattern: string): MessagePredicate {
  const text = pattern.trim();
  if (text === "") return () => true;
  if (text.startsWith("{")) {
    if (!text.endsWith("}")) throw new FilterPatternError("If a filter pattern starts with '{' it must end with '}'");
    return compileJson(text.slice(1, -1));
  }
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) throw new FilterPatternError("If a filter pattern starts with '[' it must end with ']'");
    return compileDelimited(text.slice(1, -1));
  }
  return compileTerms(text);
}
