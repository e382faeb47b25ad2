/**
 * S3's hand-written binding table checked against AWS's own model (models/s3.json.gz, issue #13):
 * every operation S3 declares exists in the model with the same method, path and sub-resource, and
 * every header or query parameter both bind names the same member. A step toward driving S3's wire
 * layer from the model: a binding that drifts from AWS's fails here.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/core/models/loader.js";
import type { HttpBinding, OperationDef } from "../../src/core/service.js";
import { operations } from "../../src/s3/operations/index.js";

const model = loadModel("s3");
/** Not in the model: browser form uploads, CORS preflights. */
const LOCAL_ONLY = new Set(["PostObject", "PreflightRequest"]);

interface Bound {
  name: string;
  http: HttpBinding;
}

const ops = (operations as unknown as OperationDef[]).map((op) => ({ name: op.name, http: op.http! }) as Bound);

function modelMembers(shape: string | undefined, location: "header" | "querystring"): Map<string, string> {
  const out = new Map<string, string>();
  const s = shape ? model.shapes[shape] : undefined;
  for (const [member, m] of Object.entries(s?.members ?? {})) {
    if (m.location === location && m.locationName) out.set(location === "header" ? m.locationName.toLowerCase() : m.locationName, member);
  }
  return out;
}

describe("S3's bindings agree with AWS's model", () => {
  it("declares only operations the model has (besides POST uploads and preflights), with the model's method, path and sub-resource", () => {
    const wrong: string[] = [];
    for (const op of ops) {
      if (LOCAL_ONLY.has(op.name)) continue;
      const m = model.operations[op.name];
      if (!m?.http) {
        wrong.push(`${op.name}: not in the model`);
        continue;
      }
      const [path, query = ""] = m.http.requestUri.split("?");
      if (m.http.method !== op.http.method) wrong.push(`${op.name}: method ${op.http.method}, model ${m.http.method}`);
      if (path !== op.http.path.replace("{Key+}", "{Key+}")) wrong.push(`${op.name}: path ${op.http.path}, model ${path}`);
      for (const literal of query.split("&").filter(Boolean)) {
        const name = literal.split("=")[0]!;
        if (name !== "x-id" && !op.http.requiredQuery?.includes(name)) wrong.push(`${op.name}: sub-resource ?${name} not required`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("binds each request header and query parameter the model also binds to the model's member", () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const op of ops) {
      const m = model.operations[op.name];
      if (!m) continue;
      const headers = modelMembers(m.input?.shape, "header");
      for (const [header, spec] of Object.entries(op.http.headers ?? {})) {
        const want = headers.get(header);
        const member = spec.split(":")[0]!;
        if (want !== undefined) compared++;
        if (want !== undefined && want !== member) wrong.push(`${op.name}: header ${header} → ${member}, model ${want}`);
      }
      const query = modelMembers(m.input?.shape, "querystring");
      for (const [name, spec] of Object.entries(op.http.query ?? {})) {
        const want = query.get(name);
        const member = spec.split(":")[0]!;
        if (want !== undefined) compared++;
        if (want !== undefined && want !== member) wrong.push(`${op.name}: query ${name} → ${member}, model ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(200);
  });

  it("answers each response header the model binds under the model's member", () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const m = model.operations[op.name];
      if (!m) continue;
      const headers = modelMembers(m.output?.shape, "header");
      for (const [member, header] of Object.entries(op.http.outputHeaders ?? {})) {
        const want = headers.get(header.toLowerCase());
        if (want !== undefined && want !== member) wrong.push(`${op.name}: ${member} → ${header}, model ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
