import { type CacheBehavior, CloudFrontClient, CreateDistributionCommand, type FunctionConfig, CreateFunctionCommand, DescribeFunctionCommand, PublishFunctionCommand, TestFunctionCommand, UpdateFunctionCommand } from "@aws-sdk/client-cloudfront";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const V2: FunctionConfig = { Comment: "", Runtime: "cloudfront-js-2.0" };
const V1: FunctionConfig = { Comment: "", Runtime: "cloudfront-js-1.0" };
const event = JSON.stringify({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "1.2.3.4" }, request: { method: "GET", uri: "/", querystring: {}, headers: {}, cookies: {} } });

let n = 0;
/** Creates a function with this code and runs TestFunction on it. */
async function probe(code: string, config = V2): Promise<{ output: string; error: string; logs: string[] }> {
  const Name = `probe-${++n}`;
  const created = await cf().send(new CreateFunctionCommand({ Name, FunctionConfig: config, FunctionCode: bytes(code) }));
  const out = await cf().send(new TestFunctionCommand({ Name, IfMatch: created.ETag, EventObject: bytes(event) }));
  return { output: out.TestResult?.FunctionOutput ?? "", error: out.TestResult?.FunctionErrorMessage ?? "", logs: out.TestResult?.FunctionExecutionLogs ?? [] };
}

let origin: Server;
let id = "";

beforeAll(async () => {
  origin = createServer((req, res) => res.end(`origin ${req.url}`));
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  const port = (origin.address() as AddressInfo).port;
  // One behaviour per hostile function; the default one runs none.
  const hostile: Record<string, string> = {
    escape: "function handler(e) { var p = this.constructor.constructor('return process')(); return { statusCode: 200, body: String(p && p.pid) }; }",
    loop: "function handler(e) { while (true) {} }",
    recurse: "function handler(e) { function f(n) { return f(n + 1) + 1; } return f(0); }",
    alloc: "function handler(e) { var a = []; for (var i = 0; i < 2500000; i++) a.push({ i: i }); return { statusCode: 200, body: String(a.length) }; }",
    buffer: "function handler(e) { var b = new Uint8Array(100 * 1024 * 1024); return { statusCode: 200, body: String(b.length) }; }",
    logs: "function handler(e) { console.log('seen ' + e.request.uri); return e.request; }",
    microtasks: "async function handler(e) { var spin = function () { return Promise.resolve().then(spin); }; await spin(); return e.request; }",
  };
  const items: CacheBehavior[] = [];
  for (const [name, code] of Object.entries(hostile)) {
    const created = await cf().send(new CreateFunctionCommand({ Name: `edge-${name}`, FunctionConfig: V2, FunctionCode: bytes(code) }));
    await cf().send(new PublishFunctionCommand({ Name: `edge-${name}`, IfMatch: created.ETag }));
    items.push({
      PathPattern: `/${name}`,
      TargetOriginId: "app",
      ViewerProtocolPolicy: "allow-all",
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: created.FunctionSummary!.FunctionMetadata!.FunctionARN!, EventType: "viewer-request" }] },
    });
  }
  const out = await cf().send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: "sandbox",
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }] },
        DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "allow-all", CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" },
        CacheBehaviors: { Quantity: items.length, Items: items },
      },
    }),
  );
  id = out.Distribution!.Id!;
});

afterAll(async () => {
  await new Promise<void>((resolve) => origin.close(() => resolve()));
});

const edge = (path: string): Promise<Response> => fetch(`${ctx.endpoint}/_aws/cloudfront/${id}${path}`);

describe("the CloudFront Functions sandbox", () => {
  it("reaches no host object: the classic escapes, helpers' and errors' constructors, prepareStackTrace", async () => {
    for (const code of [
      "function handler(e) { return this.constructor.constructor('return process')().pid; }",
      "function handler(e) { return console.log.constructor('return process')().pid; }",
      "function handler(e) { try { null.x; } catch (err) { return err.constructor.constructor('return process')().pid; } }",
      "function handler(e) { return require('crypto').createHash.constructor('return process')().pid; }",
      "function handler(e) { return Date.now.constructor('return this')().process.pid; }",
      "function handler(e) { return eval('1 + 1'); }",
      "function handler(e) { return new Function('return 1')(); }",
      "function handler(e) { return require('fs').readFileSync('/etc/passwd', 'utf8'); }",
      "function handler(e) { return process.pid; }",
      "function handler(e) { return typeof WebAssembly === 'undefined' ? Promise.reject(new Error('no WebAssembly')) : WebAssembly.compile(new Uint8Array(8)); }",
      "function handler(e) { return import('fs'); }",
    ]) {
      const r = await probe(code);
      expect(r.output, code).toBe("");
      expect(r.error, code).not.toBe("");
    }
    const stack = await probe(
      "function handler(e) { Error.prepareStackTrace = function (err, frames) { return frames; }; var frames = new Error('x').stack; var found = []; for (var i = 0; i < frames.length; i++) { var f = frames[i].getFunction && frames[i].getFunction(); var t = frames[i].getThis && frames[i].getThis(); if (t && t.process) found.push('this.process'); if (f) found.push('fn'); } return found; }",
    );
    expect(JSON.parse(stack.output || "[]")).toEqual([]);
  });

  it("gives every run fresh globals: built-ins cannot be polluted, a run's own globals and declarations are gone for the next", async () => {
    // The same code twice: the second run reuses the first one's context, reset.
    const code = "var count = (typeof count === 'number' ? count : 0) + 1; function handler(e) { var before = ({}).polluted; var refused = false; try { Object.prototype.polluted = 'yes'; } catch (err) { refused = true; } var hadLeak = typeof globalThis.leak; globalThis.leak = 1; Date = null; return [before === undefined, refused, hadLeak, count]; }";
    expect(JSON.parse((await probe(code)).output)).toEqual([true, true, "undefined", 1]);
    expect(JSON.parse((await probe(code)).output)).toEqual([true, true, "undefined", 1]);
    expect((await probe("function handler(e) { return typeof Date.now(); }")).output).toBe(JSON.stringify("number"));
    // Redefining, freezing or deleting a global binding holds for the run only.
    const hostile =
      "function handler(e) { var before = [typeof Math, typeof Array, typeof extra, typeof JSON.stringify]; try { Object.defineProperty(globalThis, 'JSON', { get: function () { return 1; } }); } catch (x) {} try { Object.defineProperty(globalThis, 'Math', { value: 1, writable: false }); } catch (x) {} try { delete globalThis.Array; } catch (x) {} globalThis.extra = 1; return before; }";
    for (let i = 0; i < 2; i++) expect(JSON.parse((await probe(hostile)).output)).toEqual(["object", "function", "undefined", "function"]);
  });

  it("each hostile run fails only its own request (503); the edge keeps serving others", async () => {
    for (const path of ["/escape", "/loop", "/recurse", "/alloc", "/buffer", "/microtasks"]) {
      const [bad, good] = await Promise.all([edge(path), edge("/fine")]);
      expect(bad.status, path).toBe(503);
      expect(bad.headers.get("x-cache"), path).toBe("FunctionExecutionError from cloudfront");
      expect(good.status, path).toBe(200);
      expect(await good.text()).toBe("origin /fine");
    }
    const started = performance.now();
    expect((await edge("/after")).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("function logs", () => {
  it("console output goes to /aws/cloudfront/function/<Name>, each line after the request id", async () => {
    const res = await edge("/logs");
    expect(res.status).toBe(200);
    await ctx.aws.settle();
    const out = await ctx.client(CloudWatchLogsClient).send(new FilterLogEventsCommand({ logGroupName: "/aws/cloudfront/function/edge-logs" }));
    expect(out.events?.map((e) => e.message)).toEqual([`${res.headers.get("x-amz-cf-id")} seen /logs`]);
  });
});

describe("runtimes", () => {
  it("1.0 is ECMAScript 5.1: const, let, arrows and template literals are refused at create", async () => {
    for (const code of ["const handler = function (e) { return e.request; };", "function handler(e) { let r = e.request; return r; }", "var handler = (e) => e.request;"]) {
      await expectAwsError(cf().send(new CreateFunctionCommand({ Name: `v1-${++n}`, FunctionConfig: V1, FunctionCode: bytes(code) })), { name: "InvalidArgument", status: 400 });
    }
    expect((await probe("function handler(e) { var s = 'const x => `y`'; return s; }", V1)).output).toBe(JSON.stringify("const x => `y`"));
  });

  it("2.0 has import of crypto and cloudfront, Buffer, async handlers; 1.0 has require('crypto') and no Buffer", async () => {
    const v2 = await probe(
      "import crypto from 'crypto';\nimport cf from 'cloudfront';\nasync function handler(e) { const mac = crypto.createHmac('sha256', 'k').update('data').digest('hex'); return { mac, b64: Buffer.from('hi').toString('base64'), kvs: typeof cf.kvs, sha: crypto.createHash('sha1').update('a').digest('base64') }; }",
    );
    expect(v2.error).toBe("");
    expect(JSON.parse(v2.output)).toEqual({ mac: "98755ce7a0d431b5d7b8ec8e343ada3bcaa4f6c44ca468cffcbaa9c273634dd7", b64: "aGk=", kvs: "function", sha: "hvfkN/qlp/zhXR3cuerq6jd2Z7g=" });
    const v1 = await probe("var crypto = require('crypto');\nfunction handler(e) { return [crypto.createHash('md5').update('a').digest('hex'), typeof Buffer]; }", V1);
    expect(JSON.parse(v1.output)).toEqual(["0cc175b9c0f1b6a831c399e269772661", "undefined"]);
  });

  it("TestFunction reports a compute utilization and the console logs", async () => {
    const Name = "utilization";
    const created = await cf().send(new CreateFunctionCommand({ Name, FunctionConfig: V2, FunctionCode: bytes("function handler(e) { console.log('hello', 1); return e.request; }") }));
    const out = await cf().send(new TestFunctionCommand({ Name, IfMatch: created.ETag, EventObject: bytes(event) }));
    expect(Number(out.TestResult!.ComputeUtilization)).toBeGreaterThanOrEqual(1);
    expect(out.TestResult!.FunctionExecutionLogs).toEqual(["hello 1"]);
    const desc = await cf().send(new DescribeFunctionCommand({ Name }));
    await cf().send(new UpdateFunctionCommand({ Name, IfMatch: desc.ETag, FunctionConfig: V2, FunctionCode: bytes("function handler(e) { return e.request; }") }));
  });
});
