/**
 * Starting an execution, shared by StartExecution, StartSyncExecution and the
 * `states:startExecution` integration: resolves the state machine (a version, or an alias's
 * routing), SFN Local's `#<test case>` suffix, the name and input checks, and STANDARD's
 * idempotency (same name and input while running → the same answer).
 */
import { randomUUID } from "node:crypto";
import type { Scope } from "../core/events.js";
import type { Settings } from "../core/settings.js";
import { parseMachineArn } from "./arns.js";
import type { Engine, Outcome } from "./engine/engine.js";
import { sfnErrors } from "./errors.js";
import { executionLogging } from "./engine/execution-logs.js";
import { loadMockCase } from "./mock-config.js";
import type { MachineRow } from "./store.js";
import { isValidName } from "./arns.js";
import { parseJson, type Json } from "./asl/json.js";

export interface StartInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
  traceHeader?: string;
  parent?: string;
}

export interface Started {
  arn: string;
  startDate: number;
  machine: MachineRow;
  done?: Promise<Outcome>;
}

const MAX_INPUT = 256 * 1024;

export function startExecution(engine: Engine, settings: Settings, scope: Scope, req: StartInput, mode: "async" | "sync"): Started {
  const hash = req.stateMachineArn.indexOf("#");
  const arn = hash >= 0 ? req.stateMachineArn.slice(0, hash) : req.stateMachineArn;
  const testCase = hash >= 0 ? req.stateMachineArn.slice(hash + 1) : undefined;
  const ref = parseMachineArn(arn);
  const machine = engine.store.machine.get(ref.machineArn);
  if (!machine || machine.account !== scope.accountId) throw sfnErrors.machineNotFound(arn);
  let definition = machine.definition;
  let roleArn = machine.role_arn;
  let versionArn: string | undefined;
  let aliasArn: string | undefined;
  if (ref.qualifier !== undefined) {
    if (/^\d+$/.test(ref.qualifier)) versionArn = arn;
    else {
      const alias = engine.store.alias.get(arn);
      if (!alias) throw sfnErrors.resourceNotFound(arn);
      aliasArn = arn;
      versionArn = routeAlias(JSON.parse(alias.routing) as { stateMachineVersionArn: string; weight: number }[]);
    }
    const version = engine.store.version.get(versionArn);
    if (!version) throw sfnErrors.resourceNotFound(versionArn);
    definition = version.definition;
    roleArn = version.role_arn;
  }
  const type = machine.type as "STANDARD" | "EXPRESS";
  if (mode === "sync" && type !== "EXPRESS") throw sfnErrors.typeNotSupported("This operation is not supported by this type of state machine");
  const name = req.name ?? randomUUID();
  if (!isValidName(name)) throw sfnErrors.invalidName(name);
  const input = req.input ?? "{}";
  if (Buffer.byteLength(input) > MAX_INPUT) throw sfnErrors.invalidExecutionInput("The input exceeds the maximum size of 262144 bytes");
  let parsedInput: Json;
  try {
    parsedInput = parseJson(input);
  } catch (err) {
    throw sfnErrors.invalidExecutionInput((err as Error).message);
  }
  if (type === "STANDARD") {
    const executionArn = engine.executionArn({ accountId: ref.accountId, region: ref.region, machineName: machine.name, name, type });
    const existing = engine.store.execution.get(executionArn);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === input) return { arn: existing.arn, startDate: existing.started, machine };
      throw sfnErrors.executionExists(executionArn);
    }
  }
  const mock = testCase !== undefined ? loadMockCase(settings, machine.name, testCase) : undefined;
  if (testCase !== undefined && !mock) throw sfnErrors.invalidArn(req.stateMachineArn, `Test case '${testCase}' not found in the mock configuration`);
  const started = engine.start({
    accountId: ref.accountId,
    region: ref.region,
    machineArn: machine.arn,
    machineName: machine.name,
    type,
    definition,
    roleArn,
    versionArn,
    aliasArn,
    name,
    input,
    parsedInput,
    traceHeader: req.traceHeader,
    parent: req.parent,
    mock,
    mockCase: testCase,
    logging: executionLogging(machine.logging),
  });
  return { arn: started.arn, startDate: started.startDate, machine, done: started.done };
}

function routeAlias(routing: { stateMachineVersionArn: string; weight: number }[]): string {
  const total = routing.reduce((sum, r) => sum + r.weight, 0);
  let pick = Math.random() * total;
  for (const r of routing) {
    pick -= r.weight;
    if (pick < 0) return r.stateMachineVersionArn;
  }
  return routing[0]!.stateMachineVersionArn;
}
