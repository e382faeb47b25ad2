import { createEventBus } from "./create-event-bus.js";
import { deleteEventBus } from "./delete-event-bus.js";
import { deleteRule } from "./delete-rule.js";
import { describeEventBus } from "./describe-event-bus.js";
import { describeRule } from "./describe-rule.js";
import { listEventBuses } from "./list-event-buses.js";
import { listRuleNamesByTarget } from "./list-rule-names-by-target.js";
import { listRules } from "./list-rules.js";
import { listTargetsByRule } from "./list-targets-by-rule.js";
import { putEvents } from "./put-events.js";
import { putRule } from "./put-rule.js";
import { putTargets } from "./put-targets.js";
import { removeTargets } from "./remove-targets.js";
import { disableRule, enableRule } from "./rule-state.js";
import { listTagsForResource, tagResource, untagResource } from "./tags.js";
import { testEventPattern } from "./test-event-pattern.js";

/** Every EventBridge operation. */
export const operations = [
  createEventBus,
  deleteEventBus,
  describeEventBus,
  listEventBuses,
  putRule,
  describeRule,
  listRules,
  enableRule,
  disableRule,
  deleteRule,
  putTargets,
  removeTargets,
  listTargetsByRule,
  listRuleNamesByTarget,
  putEvents,
  testEventPattern,
  tagResource,
  untagResource,
  listTagsForResource,
];
