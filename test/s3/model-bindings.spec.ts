/**
 * S3's wire bindings come from AWS's own model (models/s3.json.gz, src/s3/model-binding.ts, issue
 * #13): every operation S3 serves, besides browser form uploads and CORS preflights, is a model
 * operation bound with the model's method, path, sub-resource, query parameters, headers, prefix
 * headers, blob payload, status and response headers; what S3 adds (aws-chunked framing headers,
 * route selectors, status members, XML roots) never rebinds a name the model binds.
 * The last case serves raw requests without the SDKs' `?x-id=` marker, as curl and the CLI send them.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/core/models/loader.js";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";
import type { HttpBinding, OperationDef } from "../../src/core/service.js";
import { operations } from "../../src/s3/operations/index.js";

const ctx = useServer();
const model = loadModel("s3");
/** Not in the model: browser form uploads, CORS preflights. */
const LOCAL_ONLY = new Set(["PostObject", "PreflightRequest"]);

const ops = (operations as unknown as OperationDef[]).map((op) => ({ name: op.name, http: op.http! as HttpBinding & { requiredQueryValues?: [string, string][] } }));

type Location = "header" | "querystring" | "headers";

/** The model's wire name → member (with the member's type suffix as bindings spell it) of a shape's members at `location`. */
function modelMembers(shape: string | undefined, location: Location): Map<string, string> {
  const out = new Map<string, string>();
  const s = shape ? model.shapes[shape] : undefined;
  for (const [member, m] of Object.entries(s?.members ?? {})) {
    if (m.location !== location) continue;
    const type = model.shapes[m.shape]?.type;
    if (location === "querystring" && type === "map") continue;
    const suffix = type === "integer" || type === "long" ? ":number" : type === "boolean" ? ":boolean" : type === "list" ? ":list" : "";
    const wire = location === "querystring" ? m.locationName! : (m.locationName ?? "").toLowerCase();
    out.set(wire, location === "headers" ? member : member + suffix);
  }
  return out;
}

describe("S3 binds its operations as AWS's model does", () => {
  it("serves model operations only (besides POST uploads and preflights), found from the operations folder", () => {
    const names = ops.map((op) => op.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names.filter((n) => !LOCAL_ONLY.has(n) && !model.operations[n])).toEqual([]);
    expect(names.length).toBeGreaterThan(60);
  });

  it("with the model's method, path, sub-resource and success status", () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => !LOCAL_ONLY.has(o.name))) {
      const m = model.operations[op.name]!.http!;
      const [path, query = ""] = m.requestUri.split("?");
      if (m.method !== op.http.method) wrong.push(`${op.name}: method ${op.http.method}, model ${m.method}`);
      if (path !== op.http.path) wrong.push(`${op.name}: path ${op.http.path}, model ${path}`);
      for (const literal of query.split("&").filter(Boolean)) {
        const [name, value = ""] = literal.split("=") as [string, string?];
        // The SDKs' `?x-id=GetObject` marker is never required: the CLI, presigned URLs and curl leave it out.
        if (name === "x-id") {
          if (op.http.requiredQuery?.includes(name)) wrong.push(`${op.name}: requires ?x-id`);
          continue;
        }
        if (!op.http.requiredQuery?.includes(name)) wrong.push(`${op.name}: sub-resource ?${name} not required`);
        if (value && !op.http.requiredQueryValues?.some(([k, v]) => k === name && v === value)) wrong.push(`${op.name}: ?${name}=${value} not required`);
      }
      if ((op.http.status ?? 200) !== (m.responseCode ?? 200)) wrong.push(`${op.name}: status ${op.http.status}, model ${m.responseCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it("binding every request header, query parameter and prefix header of the model to its member and type", () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const op of ops.filter((o) => !LOCAL_ONLY.has(o.name))) {
      const input = model.operations[op.name]!.input?.shape;
      const bound: Record<Location, Record<string, string>> = { header: op.http.headers ?? {}, querystring: op.http.query ?? {}, headers: op.http.prefixHeaders ?? {} };
      for (const location of ["header", "querystring", "headers"] as const) {
        for (const [wire, member] of modelMembers(input, location)) {
          compared++;
          if (bound[location][wire] !== member) wrong.push(`${op.name}: ${location} ${wire} → ${bound[location][wire]}, model ${member}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(400);
  });

  it("answering every response header and prefix header of the model under its member", () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => !LOCAL_ONLY.has(o.name))) {
      const output = model.operations[op.name]!.output?.shape;
      for (const [header, member] of modelMembers(output, "header")) {
        if (op.http.outputHeaders?.[member.split(":")[0]!] !== header) wrong.push(`${op.name}: ${member} → ${op.http.outputHeaders?.[member]}, model ${header}`);
      }
      for (const [prefix, member] of modelMembers(output, "headers")) {
        if (op.http.outputPrefixHeaders?.[member] !== prefix) wrong.push(`${op.name}: ${member} → ${op.http.outputPrefixHeaders?.[member]}, model ${prefix}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reading blob and streaming payloads raw (PutObject's body, PutBucketPolicy's text) and structure payloads as S3's documents", () => {
    const byName = new Map(ops.map((o) => [o.name, o.http]));
    expect(byName.get("PutObject")).toMatchObject({ payload: "Body", streaming: true });
    expect(byName.get("UploadPart")).toMatchObject({ payload: "Body", streaming: true });
    expect(byName.get("PutBucketPolicy")).toMatchObject({ payload: "Policy" });
    expect(byName.get("GetBucketPolicy")).toMatchObject({ outputPayload: "Policy" });
    expect(byName.get("GetObject")).toMatchObject({ outputPayload: "Body", outputPrefixHeaders: { Metadata: "x-amz-meta-" } });
    // `<Tagging>` is read by its root element and checked in S3's words (MalformedXML, InvalidTag).
    expect(byName.get("PutBucketTagging")!.payload).toBeUndefined();
  });
});

describe("routes for clients that do not send the SDKs' ?x-id= marker (curl, the CLI, presigned URLs)", () => {
  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    rawRequest(ctx.endpoint, { method, path, body, headers: { host: new URL(ctx.endpoint).host, ...headers } }).then((r) => ({ status: r.status, headers: r.headers, xml: r.body.toString() }));

  it("tells a multipart upload's parts from PutObject by partNumber and uploadId, and a copy by x-amz-copy-source", async () => {
    const bucket = uniqueName("mb");
    expect((await send("PUT", `/${bucket}`)).status).toBe(200);
    const created = await send("POST", `/${bucket}/big?uploads`);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.xml)![1]!;
    const part = await send("PUT", `/${bucket}/big?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, "part one");
    expect(part.status).toBe(200);
    const parts = await send("GET", `/${bucket}/big?uploadId=${encodeURIComponent(uploadId)}`);
    expect(parts.xml).toContain("<PartNumber>1</PartNumber>");
    const done = await send("POST", `/${bucket}/big?uploadId=${encodeURIComponent(uploadId)}`, `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`);
    expect(done.xml).toContain("<CompleteMultipartUploadResult");
    const copied = await send("PUT", `/${bucket}/copy`, undefined, { "x-amz-copy-source": `/${bucket}/big`, "x-amz-meta-Colour": "blue", "x-amz-metadata-directive": "REPLACE" });
    expect(copied.xml).toContain("<CopyObjectResult");
    const head = await send("HEAD", `/${bucket}/copy`);
    expect(head.headers["x-amz-meta-colour"]).toBe("blue");
    expect((await send("GET", `/${bucket}/copy`)).xml).toBe("part one");
    const listed = await send("GET", `/${bucket}?list-type=2&prefix=c`);
    expect(listed.xml).toContain("<KeyCount>1</KeyCount>");
  });
});
