/** Which fields each state type accepts, and which belong to one query language only. */

const COMMON = ["Type", "Comment", "QueryLanguage"];
const FLOW = ["Next", "End"];
const IO = ["InputPath", "OutputPath", "Output"];
const RESULT = ["ResultPath", "Parameters", "ResultSelector", "Arguments", "Assign"];
const ERRORS = ["Retry", "Catch"];

export const STATE_FIELDS: Record<string, readonly string[]> = {
  Pass: [...COMMON, ...FLOW, ...IO, "ResultPath", "Parameters", "Result", "Assign"],
  Task: [
    ...COMMON, ...FLOW, ...IO, ...RESULT, ...ERRORS, "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
    "HeartbeatSecondsPath", "Credentials",
  ],
  Choice: [...COMMON, ...IO, "Choices", "Default", "Assign"],
  Wait: [...COMMON, ...FLOW, ...IO, "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"],
  Succeed: [...COMMON, ...IO],
  Fail: [...COMMON, "Error", "Cause", "ErrorPath", "CausePath"],
  Parallel: [...COMMON, ...FLOW, ...IO, ...RESULT, ...ERRORS, "Branches"],
  Map: [
    ...COMMON, ...FLOW, ...IO, ...RESULT, ...ERRORS, "ItemsPath", "Items", "ItemSelector", "Iterator", "ItemProcessor", "MaxConcurrency",
    "MaxConcurrencyPath", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
    "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
  ],
};

export const STATE_TYPES = ["Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map"];

export const JSONPATH_ONLY = new Set([
  "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "ItemsPath", "Iterator", "SecondsPath", "TimestampPath",
  "TimeoutSecondsPath", "HeartbeatSecondsPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
  "ToleratedFailureCountPath", "Result",
]);
export const JSONATA_ONLY = new Set(["Arguments", "Output", "Items"]);

export const TOP_LEVEL_FIELDS = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"];

export const REQUIRED: Record<string, string[]> = {
  Task: ["Resource"],
  Choice: ["Choices"],
  Parallel: ["Branches"],
  Map: [],
};

/** Choice rule comparison operators (the `Path` variants compare with another path's value). */
export const COMPARATORS = [
  "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
  "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
  "BooleanEquals", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
  "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
];
export const PATH_COMPARATORS = COMPARATORS.filter((c) => !c.startsWith("Is") && c !== "StringMatches").map((c) => `${c}Path`);
