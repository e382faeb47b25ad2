/**
 * Mapping templates: Velocity (velocityjs) with API Gateway's `$input`, `$util`, `$context` and
 * `$stageVariables`, as documented in "API Gateway mapping template and access logging variable
 * reference".
 */
import { JSONPath } from "jsonpath-plus";
import { render } from "velocityjs";

export interface TemplateRequest {
  body: string;
  /** Path, query string and header parameters (header names as sent). */
  params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
  context: Record<string, unknown>;
  stageVariables: Record<string, string> | null;
}

function parsed(body: string): unknown {
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function select(body: string, path: string): unknown {
  const doc = parsed(body);
  if (doc === undefined) throw new Error("Invalid JSON in request body");
  const found = JSONPath({ path: path || "$", json: doc as object, wrap: false });
  return found;
}

function inputOf(req: TemplateRequest): Record<string, unknown> {
  const lower = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    body: req.body,
    json: (path: string) => JSON.stringify(select(req.body, path) ?? null),
    path: (path: string) => select(req.body, path),
    params: (name?: string) => {
      if (name === undefined) return req.params;
      return req.params.path[name] ?? req.params.querystring[name] ?? lower(req.params.header)[name.toLowerCase()] ?? "";
    },
  };
}

export const util = {
  escapeJavaScript: (s: unknown) => JSON.stringify(String(s ?? "")).slice(1, -1).replace(/'/g, "\\'"),
  parseJson: (s: unknown) => JSON.parse(String(s)),
  urlEncode: (s: unknown) => encodeURIComponent(String(s ?? "")),
  urlDecode: (s: unknown) => decodeURIComponent(String(s ?? "")),
  base64Encode: (s: unknown) => Buffer.from(String(s ?? "")).toString("base64"),
  base64Decode: (s: unknown) => Buffer.from(String(s ?? ""), "base64").toString("utf8"),
};

export function renderTemplate(template: string, req: TemplateRequest): string {
  return render(template, { input: inputOf(req), util, context: req.context, stageVariables: req.stageVariables ?? {} }, undefined, { escape: false });
}

/** Picks the template for a content type (`application/json` first), as API Gateway does. */
export function templateFor(templates: Record<string, string> | undefined, contentType: string | undefined): { key: string; template: string } | undefined {
  if (!templates) return undefined;
  const type = (contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
  const key = Object.keys(templates).find((k) => k.toLowerCase() === type);
  return key !== undefined ? { key, template: templates[key]! } : undefined;
}
