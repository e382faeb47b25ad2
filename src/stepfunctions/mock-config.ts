/**
 * SFN Local's mock configuration file (`SFN_MOCK_CONFIG`, or `stepfunctions.mockConfig` in the
 * config file): `StateMachines.<name>.TestCases.<case>.<state>` names a mocked response in
 * `MockedResponses.<id>`, whose keys are call indexes (`"0"`, `"1-2"`) and values `Return` or
 * `Throw`. StartExecution on `<state machine arn>#<case>` runs the case.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Settings } from "../core/settings.js";
import { isObject, type Json } from "./asl/json.js";
import type { MockedResult } from "./engine/run.js";

export type MockCase = Record<string, Record<string, MockedResult>>;

export function mockConfigPath(settings: Settings): string | undefined {
  const section = settings.config.stepfunctions;
  const configured = isObject(section as Json) ? (section as { mockConfig?: unknown }).mockConfig : undefined;
  const path = typeof configured === "string" ? configured : process.env.SFN_MOCK_CONFIG;
  if (!path) return undefined;
  return isAbsolute(path) ? path : resolve(typeof configured === "string" ? settings.configDir : process.cwd(), path);
}

/** The test case's mocks, state by state; undefined when the file or the case is missing. */
export function loadMockCase(settings: Settings, machineName: string, testCase: string): MockCase | undefined {
  const path = mockConfigPath(settings);
  if (!path) return undefined;
  let config: Json;
  try {
    config = JSON.parse(readFileSync(path, "utf8")) as Json;
  } catch {
    return undefined;
  }
  if (!isObject(config) || !isObject(config.StateMachines) || !isObject(config.MockedResponses)) return undefined;
  const machine = config.StateMachines[machineName];
  if (!isObject(machine) || !isObject(machine.TestCases)) return undefined;
  const cases = machine.TestCases[testCase];
  if (!isObject(cases)) return undefined;
  const out: MockCase = {};
  for (const state of Object.keys(cases)) {
    const responseName = cases[state];
    const responses = typeof responseName === "string" ? config.MockedResponses[responseName] : undefined;
    if (isObject(responses)) out[state] = responses as unknown as Record<string, MockedResult>;
  }
  return out;
}
