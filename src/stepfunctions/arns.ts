/** Step Functions ARNs: state machines (with a version or alias qualifier), executions, activities. */
import { sfnErrors } from "./errors.js";

export interface MachineRef {
  region: string;
  accountId: string;
  name: string;
  qualifier?: string;
  /** The unqualified state machine ARN. */
  machineArn: string;
}

const MACHINE = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})(?::([A-Za-z0-9_-]{1,80}))?$/;
// A Map Run's child executions belong to `<machine>/<label>`.
const EXECUTION = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):(execution|express):([A-Za-z0-9_-]{1,80}(?:\/[^:/]{1,80})?):([^:]{1,80})(?::[0-9a-f-]{36})?$/;
const MAP_RUN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):mapRun:[A-Za-z0-9_-]{1,80}\/[^:/]{1,80}:[0-9a-f-]{36}$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):activity:([^:]{1,80})$/;

function resourceType(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:states:[^:]*:[^:]*:([A-Za-z]+):/.exec(arn)?.[1];
}

/** Recently parsed state machine ARNs (every StartExecution parses one). */
const parsedMachines = new Map<string, RegExpExecArray>();

export function parseMachineArn(arn: string, allowQualifier = true): MachineRef {
  let m = parsedMachines.get(arn) ?? null;
  if (!m) {
    m = MACHINE.exec(arn);
    if (m) {
      if (parsedMachines.size >= 1000) parsedMachines.clear();
      parsedMachines.set(arn, m);
    }
  }
  if (!m) {
    const type = resourceType(arn);
    if (type && type !== "stateMachine") throw sfnErrors.invalidArn(arn, `Resource type not valid in this context: ${type}`);
    throw sfnErrors.invalidArn(arn);
  }
  const machineArn = `arn:aws:states:${m[1]}:${m[2]}:stateMachine:${m[3]}`;
  if (m[4] !== undefined && !allowQualifier) throw sfnErrors.invalidArn(arn);
  return { region: m[1]!, accountId: m[2]!, name: m[3]!, qualifier: m[4], machineArn };
}

export function parseExecutionArn(arn: string): { region: string; accountId: string; express: boolean; machineName: string; name: string } {
  const m = EXECUTION.exec(arn);
  if (!m) {
    const type = resourceType(arn);
    if (type && type !== "execution" && type !== "express") throw sfnErrors.invalidArn(arn, `Resource type not valid in this context: ${type}`);
    throw sfnErrors.invalidArn(arn);
  }
  return { region: m[1]!, accountId: m[2]!, express: m[3] === "express", machineName: m[4]!, name: m[5]! };
}

/** A Map Run's ARN (`…:mapRun:<machine>/<label>:<id>`): its account, or InvalidArn. */
export function parseMapRunArn(arn: string): { region: string; accountId: string } {
  const m = MAP_RUN.exec(arn);
  if (!m) {
    const type = resourceType(arn);
    if (type && type !== "mapRun") throw sfnErrors.invalidArn(arn, `Resource type not valid in this context: ${type}`);
    throw sfnErrors.invalidArn(arn);
  }
  return { region: m[1]!, accountId: m[2]! };
}

export function parseActivityArn(arn: string): void {
  if (ACTIVITY.test(arn)) return;
  const type = resourceType(arn);
  if (type && type !== "activity") throw sfnErrors.invalidArn(arn, `Resource type not valid in this context: ${type}`);
  throw sfnErrors.invalidArn(arn);
}

export const machineArnOf = (region: string, accountId: string, name: string): string => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
export const activityArnOf = (region: string, accountId: string, name: string): string => `arn:aws:states:${region}:${accountId}:activity:${name}`;

/** AWS's naming rule for state machines, executions, activities, aliases. */
export function isValidName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length >= 1 && name.length <= 80 && !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name);
}
