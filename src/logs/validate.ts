/**
 * Input constraints are checked from AWS's model before a handler runs (validate-model.ts); what
 * is left here is for the handlers' own checks.
 */

/** A log group name as the model constrains it (an ARN's name part is checked against it). */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;

/**
 * An operation's input once validated: the members the model requires are present. (The SDK's
 * types mark every member optional.)
 */
export type Needs<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };
