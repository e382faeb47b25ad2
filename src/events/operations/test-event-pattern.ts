import type { TestEventPatternRequest, TestEventPatternResponse } from "@aws-sdk/client-eventbridge";
import { eventsErrors } from "../errors.js";
import { parsePattern, PatternError } from "../pattern/compile.js";
import { matches } from "../pattern/match.js";
import { eventsOperation } from "../state.js";
import { Checks } from "../validate.js";

/** The fields AWS requires of a test event. */
const REQUIRED = ["id", "account", "source", "time", "region", "detail-type"];

export const testEventPattern = eventsOperation<TestEventPatternRequest, TestEventPatternResponse>({
  name: "TestEventPattern",
  handle(input) {
    new Checks().required("eventPattern", input.EventPattern).string("eventPattern", input.EventPattern, { max: 4096 }).required("event", input.Event).done();
    let pattern;
    try {
      pattern = parsePattern(input.EventPattern!);
    } catch (err) {
      if (err instanceof PatternError) throw eventsErrors.invalidPattern(err.message);
      throw err;
    }
    let event: unknown;
    try {
      event = JSON.parse(String(input.Event));
    } catch {
      throw eventsErrors.validation("Parameter Event is not valid.");
    }
    if (event === null || typeof event !== "object" || Array.isArray(event)) throw eventsErrors.validation("Parameter Event is not valid.");
    const missing = REQUIRED.filter((k) => !Object.prototype.hasOwnProperty.call(event, k));
    if (missing.length > 0) throw eventsErrors.validation(`Parameter Event is not valid. Reason: Provided Event is missing required fields: ${missing.join(", ")}`);
    return { Result: matches(pattern, event) };
  },
});
