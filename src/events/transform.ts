/**
 * What a target receives: the whole event, a constant `Input`, the part `InputPath` selects, or
 * the text an `InputTransformer` builds from `InputPathsMap` and `InputTemplate`.
 */
import type { Target } from "@aws-sdk/client-eventbridge";

/** `$.detail.items[0].name` → the value there (undefined when absent). Supports dots and [index]. */
export function selectPath(root: unknown, path: string): unknown {
  if (path === "$") return root;
  if (!path.startsWith("$")) return undefined;
  const steps = path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]/g) ?? [];
  if (steps.join("") !== path.slice(1)) return undefined;
  let node: unknown = root;
  for (const step of steps) {
    if (node === null || typeof node !== "object") return undefined;
    const key = step.startsWith("[") ? (step.startsWith("['") ? step.slice(2, -2) : Number(step.slice(1, -1))) : step.slice(1);
    if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

export function isValidPath(path: string): boolean {
  if (path === "$") return true;
  const steps = path.startsWith("$") ? path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]/g) ?? [] : [];
  return path.startsWith("$") && steps.join("") === path.slice(1);
}

function escapeJsonString(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * Fills `<name>` placeholders: inside quotes a string value goes in escaped (no extra quotes) and
 * other values as their JSON; outside quotes every value goes in as JSON, except in a template
 * that is not JSON at all, where strings go in as they are. Absent values become empty / null.
 */
export function applyTemplate(template: string, values: Map<string, unknown>): string {
  const looksJson = /^\s*[[{"]/.test(template);
  const inString = looksJson ? stringPositions(template) : undefined;
  return template.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string, offset: number) => {
    if (!values.has(name)) return whole;
    const value = values.get(name);
    if (inString?.[offset]) {
      if (value === undefined || value === null) return "";
      return typeof value === "string" ? escapeJsonString(value) : escapeJsonString(JSON.stringify(value));
    }
    if (value === undefined) return looksJson ? "null" : "";
    if (typeof value === "string") return looksJson ? JSON.stringify(value) : value;
    return JSON.stringify(value);
  });
}

/** For each position of a JSON-like text: whether it lies inside a string literal. */
function stringPositions(text: string): boolean[] {
  const inside: boolean[] = new Array<boolean>(text.length).fill(false);
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open && c === "\\") {
      inside[i] = inside[i + 1] = true;
      i++;
      continue;
    }
    if (c === '"') open = !open;
    else inside[i] = open;
  }
  return inside;
}

export function targetInput(target: Target, event: Record<string, unknown>, ruleArn: string | undefined, ingestionTime: number): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const v = selectPath(event, target.InputPath);
    return v === undefined ? "" : typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  }
  const t = target.InputTransformer;
  if (t?.InputTemplate !== undefined) {
    const values = new Map<string, unknown>();
    for (const [name, path] of Object.entries(t.InputPathsMap ?? {})) values.set(name, selectPath(event, path));
    values.set("aws.events.event", JSON.stringify(event));
    values.set("aws.events.event.json", event);
    values.set("aws.events.event.ingestion-time", new Date(ingestionTime).toISOString());
    if (ruleArn) {
      values.set("aws.events.rule-arn", ruleArn);
      values.set("aws.events.rule-name", ruleArn.slice(ruleArn.lastIndexOf("/") + 1));
    }
    return applyTemplate(t.InputTemplate, values);
  }
  return JSON.stringify(event);
}
