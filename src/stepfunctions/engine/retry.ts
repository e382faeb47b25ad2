/**
 * Retry and Catch. A retrier counts its attempts across visits to its state (per frame);
 * IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 by default, MaxDelaySeconds caps the delay,
 * JitterStrategy FULL draws it uniformly from [0, delay]. States.ALL matches everything but
 * States.Runtime and States.DataLimitExceeded; States.TaskFailed the same but States.Timeout;
 * States.Runtime is never retried or caught.
 */
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import type { StatesError } from "../asl/states-error.js";

const UNCATCHABLE_BY_ALL = new Set(["States.Runtime", "States.DataLimitExceeded"]);

export function errorMatches(errorEquals: Json | undefined, error: string): boolean {
  if (!Array.isArray(errorEquals)) return false;
  if (error === "States.Runtime") return false;
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === "States.ALL" && !UNCATCHABLE_BY_ALL.has(error)) return true;
    if (name === "States.TaskFailed" && error !== "States.Timeout" && !UNCATCHABLE_BY_ALL.has(error)) return true;
  }
  return false;
}

export interface RetryDecision {
  key: string;
  delayMs: number;
}

export function retryDecision(state: JsonObject, stateName: string, err: StatesError, retries: Map<string, number>, random: () => number = Math.random): RetryDecision | undefined {
  if (!Array.isArray(state.Retry)) return undefined;
  for (let i = 0; i < state.Retry.length; i++) {
    const retrier = state.Retry[i];
    if (!isObject(retrier) || !errorMatches(retrier.ErrorEquals, err.error)) continue;
    const key = `${stateName}#${i}`;
    const attempts = retries.get(key) ?? 0;
    const max = typeof retrier.MaxAttempts === "number" ? retrier.MaxAttempts : 3;
    if (attempts >= max) return undefined;
    retries.set(key, attempts + 1);
    const interval = typeof retrier.IntervalSeconds === "number" ? retrier.IntervalSeconds : 1;
    const rate = typeof retrier.BackoffRate === "number" ? retrier.BackoffRate : 2;
    let delay = interval * rate ** attempts;
    if (typeof retrier.MaxDelaySeconds === "number") delay = Math.min(delay, retrier.MaxDelaySeconds);
    if (retrier.JitterStrategy === "FULL") delay = random() * delay;
    return { key, delayMs: Math.round(delay * 1000) };
  }
  return undefined;
}

export function catcherFor(state: JsonObject, err: StatesError): JsonObject | undefined {
  if (!Array.isArray(state.Catch)) return undefined;
  for (const catcher of state.Catch) if (isObject(catcher) && errorMatches(catcher.ErrorEquals, err.error)) return catcher;
  return undefined;
}
