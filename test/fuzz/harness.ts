/**
 * Sends generated malformed requests to a running local-aws and records every answer that is not
 * one AWS would give a malformed request: a 5xx, no answer within the time limit (a hang), or a
 * connection ended without an answer (a crash or a response the server could not write).
 */
import { Agent, request } from "node:http";
import { loadModel } from "../../src/core/models/loader.js";
import type { LocalAwsServer } from "../../src/core/server.js";
import { MODEL_FILES, Random, RequestGenerator, type FuzzApi, type FuzzRequest } from "./generate.js";

export interface FuzzFailure {
  kind: "5xx" | "hang" | "connection";
  status?: number;
  answer?: string;
  request: { api: string; operation: string; mutation: string; method: string; path: string; headers: Record<string, string>; body: string };
}

export interface FuzzReport {
  sent: number;
  ms: number;
  byStatus: Record<string, number>;
  operations: number;
  apis: string[];
  failures: FuzzFailure[];
  /** /_local/health answered after the run. */
  alive: boolean;
}

/** Models that hold some of an API's operations besides its own (API Gateway serves v1 and v2 on one API). */
const EXTRA_MODELS: Record<string, string[]> = { apigateway: ["apigatewayv2"] };

/**
 * Every API of every loaded service, with the operations local-aws implements, grouped by the AWS
 * model that describes them (an operation no model describes cannot be generated, and is left out).
 */
export async function fuzzApis(server: LocalAwsServer): Promise<FuzzApi[]> {
  const apis: FuzzApi[] = [];
  for (const manifest of server.registry.manifests) {
    const def = await server.registry.load(manifest);
    for (const api of def.apis) {
      const entry = manifest.apis.find((a) => a.id === api.id);
      const byModel = new Map<string, string[]>();
      const models = [MODEL_FILES[api.endpointName] ?? api.endpointName, ...(EXTRA_MODELS[api.endpointName] ?? [])].flatMap((name) => {
        try {
          return [{ name, model: loadModel(name) }];
        } catch {
          return []; // no AWS model of that name
        }
      });
      for (const op of api.operations) {
        const owner = models.find((m) => Object.hasOwn(m.model.operations, op.name));
        if (owner) byModel.set(owner.name, [...(byModel.get(owner.name) ?? []), op.name]);
      }
      for (const [model, operations] of byModel) {
        apis.push({
          service: manifest.name,
          protocol: api.protocol,
          model,
          signingName: entry?.signingNames?.[0] ?? api.endpointName,
          targetPrefix: entry?.targetPrefixes?.[0],
          operations,
        });
      }
    }
  }
  return apis;
}

export interface FuzzOptions {
  endpoint: string;
  apis: FuzzApi[];
  count: number;
  seed: number;
  concurrency?: number;
  timeoutMs?: number;
  onFailure?(failure: FuzzFailure): void;
  onProgress?(sent: number): void;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const url = new URL(options.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 4 });
  const rnd = new Random(options.seed);
  // Operations whose model is missing are skipped (generation needs the input shape).
  const generator = new RequestGenerator(options.apis.filter((a) => a.operations.length > 0), rnd);
  const report: FuzzReport = {
    sent: 0,
    ms: 0,
    byStatus: {},
    operations: options.apis.reduce((n, a) => n + a.operations.length, 0),
    apis: options.apis.map((a) => `${a.service}/${a.protocol}`),
    failures: [],
    alive: false,
  };
  const started = performance.now();
  let next = 0;
  const timeoutMs = options.timeoutMs ?? 15_000;

  /**
   * A connection error on a kept-alive socket may be the client's race with a close the server
   * announced (after a 431, a `Connection: close`): such a request is sent once more on a new
   * connection, and only a second failure counts.
   */
  const send = (fr: FuzzRequest, retry = true): Promise<void> =>
    new Promise((resolve) => {
      const body = typeof fr.body === "string" ? Buffer.from(fr.body, "utf8") : fr.body;
      const headers = { ...fr.headers, host: url.host, "content-length": String(body.length) };
      const record = (failure: Omit<FuzzFailure, "request">): void => {
        const full: FuzzFailure = { ...failure, request: { api: fr.api, operation: fr.operation, mutation: fr.mutation, method: fr.method, path: fr.path.slice(0, 2000), headers: fr.headers, body: body.toString("utf8").slice(0, 2000) } };
        report.failures.push(full);
        options.onFailure?.(full);
      };
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const req = request({ host: url.hostname, port: url.port, method: fr.method, path: fr.path, headers, agent: retry ? agent : false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
          const answer = Buffer.concat(chunks).toString("utf8");
          // S3's own answer for functionality it does not implement (not a fault, and not retried by SDKs).
          const notImplemented = status === 501 && (answer.includes("<Code>NotImplemented</Code>") || (fr.method === "HEAD" && res.headers["x-amz-request-id"] !== undefined));
          if (status >= 500 && !notImplemented) record({ kind: "5xx", status, answer: answer.slice(0, 500) });
          finish();
        });
        res.on("error", () => {
          record({ kind: "connection", answer: "response aborted" });
          finish();
        });
      });
      const timer = setTimeout(() => {
        record({ kind: "hang", answer: `no answer in ${timeoutMs} ms` });
        req.destroy();
        finish();
      }, timeoutMs);
      req.on("error", (err) => {
        if (done) return;
        if (retry) {
          done = true;
          clearTimeout(timer);
          void send(fr, false).then(resolve);
          return;
        }
        record({ kind: "connection", answer: err.message });
        finish();
      });
      req.end(body);
    });

  const worker = async (): Promise<void> => {
    while (next < options.count) {
      next++;
      let fr: FuzzRequest;
      try {
        fr = generator.next();
      } catch {
        continue; // a shape the generator cannot build (not the server's fault)
      }
      if (process.env.FUZZ_TRACE) process.stderr.write(`> ${fr.api} ${fr.operation} [${fr.mutation}] ${fr.method} ${fr.path.slice(0, 100)} ${String(fr.body).slice(0, Number(process.env.FUZZ_TRACE))}\n`);
      await send(fr);
      report.sent++;
      if (report.sent % 100 === 0) options.onProgress?.(report.sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.ms = performance.now() - started;
  try {
    const health = await fetch(new URL("/_local/health", options.endpoint));
    report.alive = health.status === 200;
  } catch {
    report.alive = false;
  }
  agent.destroy();
  return report;
}

/** One line per failure, for a test's message or a log file. */
export function describeFailure(f: FuzzFailure): string {
  const r = f.request;
  return `${f.kind}${f.status ? ` ${f.status}` : ""} ${r.api} ${r.operation} [${r.mutation}] ${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(r.headers)} body=${JSON.stringify(r.body.slice(0, 300))} -> ${f.answer ?? ""}`;
}
