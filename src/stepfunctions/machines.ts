/** State machine helpers shared by the operations: definition checks, descriptions, lookups, tags. */
import type { RequestContext } from "../core/context.js";
import { isObject, type Json, type JsonObject } from "./asl/json.js";
import { parseResource } from "./asl/resources.js";
import { invalidDefinitionMessage, validateDefinition, type Diagnostic } from "./asl/validate.js";
import { parseMachineArn } from "./arns.js";
import type { Engine } from "./engine/engine.js";
import { sfnErrors } from "./errors.js";
import type { MachineRow } from "./store.js";

/** Validates a definition for a state machine of `type`: InvalidDefinition in AWS's text. */
export function checkDefinition(definition: unknown, type: string): JsonObject {
  if (typeof definition !== "string") throw sfnErrors.invalidDefinition("Invalid State Machine Definition: 'MISSING_DESCRIPTION: Received a null or empty workflow input.'");
  const result = validateDefinition(definition);
  const diagnostics = [...result.diagnostics];
  if (type === "EXPRESS" && result.definition) diagnostics.push(...expressLimits(result.definition, ""));
  if (!result.definition || diagnostics.some((d) => d.severity === "ERROR")) throw sfnErrors.invalidDefinition(invalidDefinitionMessage(diagnostics));
  return result.definition;
}

/** EXPRESS workflows cannot wait for callbacks, `.sync` jobs or activities. */
function expressLimits(def: JsonObject, at: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const states = isObject(def.States) ? def.States : {};
  for (const name of Object.keys(states)) {
    const state = states[name];
    if (!isObject(state)) continue;
    const where = `${at}/States/${name}`;
    if (state.Type === "Task" && typeof state.Resource === "string") {
      const r = parseResource(state.Resource);
      if (r?.kind === "activity") out.push(schema("Express state machine does not support Activity ARN", `${where}/Resource`));
      if (r?.kind === "service" && r.pattern === "callback") out.push(schema("Express state machine does not support '.waitForTaskToken' service integration ", `${where}/Resource`));
      if (r?.kind === "service" && (r.pattern === "sync" || r.pattern === "sync2")) out.push(schema("Express state machine does not support '.sync' service integration ", `${where}/Resource`));
    }
    const nested: Json[] = [...(Array.isArray(state.Branches) ? state.Branches : []), ...(state.ItemProcessor ? [state.ItemProcessor] : []), ...(state.Iterator ? [state.Iterator] : [])];
    nested.forEach((branch, i) => isObject(branch) && out.push(...expressLimits(branch, `${where}/${state.Branches ? `Branches/${i}` : "ItemProcessor"}`)));
  }
  return out;
}

function schema(message: string, location: string): Diagnostic {
  return { severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message, location };
}

export function requireMachine(engine: Engine, ctx: RequestContext, arn: string): MachineRow {
  const ref = parseMachineArn(arn, false);
  const row = engine.store.machine.get(ref.machineArn);
  if (!row || row.account !== ctx.accountId || row.region !== ref.region) throw sfnErrors.machineNotFound(arn);
  return row;
}

export function describeMachine(row: MachineRow): Record<string, unknown> {
  return {
    stateMachineArn: row.arn,
    name: row.name,
    status: "ACTIVE",
    definition: row.definition,
    roleArn: row.role_arn,
    type: row.type,
    creationDate: new Date(row.created),
    loggingConfiguration: row.logging ? (JSON.parse(row.logging) as unknown) : { level: "OFF", includeExecutionData: false },
    tracingConfiguration: row.tracing ? (JSON.parse(row.tracing) as unknown) : { enabled: false },
    revisionId: row.revision_id,
    ...(row.description ? { description: row.description } : {}),
  };
}

/** AWS's checks of a loggingConfiguration: one CloudWatch Logs log group when the level is not OFF. */
export function checkLogging(config: unknown): void {
  if (config === undefined || config === null) return;
  const c = config as { level?: string; destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[] };
  const destinations = c.destinations ?? [];
  if (destinations.length > 1 || ((c.level ?? "OFF") !== "OFF" && destinations.length !== 1))
    throw sfnErrors.invalidLoggingConfiguration("Invalid Logging Configuration: Must specify exactly one Log Destination.");
  const arn = destinations[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  if (destinations.length === 1 && (typeof arn !== "string" || !/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(:\*)?$/.test(arn)))
    throw sfnErrors.invalidLoggingConfiguration(`Invalid Logging Configuration: Invalid Log Group ARN: ${String(arn)}`);
}

export function checkRoleArn(roleArn: unknown): string {
  if (typeof roleArn !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn)) throw sfnErrors.invalidArn(String(roleArn));
  return roleArn;
}

export interface Tag {
  key: string;
  value?: string;
}

export function tagsToMap(tags: unknown, existing: Record<string, string> = {}): Record<string, string> {
  const out = { ...existing };
  if (Array.isArray(tags)) for (const t of tags as Tag[]) if (t && typeof t.key === "string") out[t.key] = t.value ?? "";
  return out;
}

export function mapToTags(map: Record<string, string>): Tag[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}
