/** Parsed definitions, shared by every execution of a machine, and the wait scale setting. */
import type { ServiceEnv } from "../../core/service.js";
import { parseJson, type JsonObject } from "../asl/json.js";

/** `stepfunctions.waitTimeScale` in the config file, else SFN Local's WAIT_TIME_SCALE variable; 1 by default. */
export function waitTimeScale(env: ServiceEnv): number {
  const section = env.settings.config.stepfunctions as { waitTimeScale?: unknown } | undefined;
  const fromEnv = process.env.WAIT_TIME_SCALE;
  const configured = typeof section?.waitTimeScale === "number" ? section.waitTimeScale : fromEnv ? Number(fromEnv) : 1;
  return Number.isFinite(configured) && configured >= 0 ? configured : 1;
}

const definitions = new Map<string, JsonObject>();

/** Definitions parsed once (the interpreter never changes them): an immutable cache keyed by the text. */
export function parsedDefinition(text: string): JsonObject {
  let def = definitions.get(text);
  if (!def) {
    def = parseJson(text) as JsonObject;
    if (definitions.size >= 500) definitions.delete(definitions.keys().next().value!);
    definitions.set(text, def);
  }
  return def;
}
