import Fastify, { type FastifyInstance } from "fastify";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { handleAdmin, isAdminPath } from "./admin.js";
import { BlobStore } from "./blobs.js";
import { EventBus } from "./bus.js";
import { ManualClock, SystemClock, onTimerError, realTime, type Clock } from "./clock.js";
import { checkConfig } from "./config-schema.js";
import { Store } from "./db.js";
import { FastHttp } from "./fast-http.js";
import { corsHeaders, isPreflight, preflightAnswer, refusal, RequestGuard } from "./guard.js";
import { bufferedLength } from "./response-length.js";
import { dispatch, dispatchUpgrade, type DispatchEnv, type Dispatched } from "./dispatch.js";
import { toHttpRequest } from "./http-request.js";
import { Http2Front, isHttp2Preface } from "./http2.js";
import { serverCertificate } from "./self-signed.js";
import { TlsFront } from "./tls-front.js";
import { JobScheduler } from "./jobs/jobs.js";
import { EventLog } from "./log/event-log.js";
import { createLogger, type Logger } from "./logger.js";
import { ServiceRegistry } from "./registry.js";
import type { HttpRequest, HttpResponse, ServiceManifest } from "./service.js";
import type { Settings } from "./settings.js";
import { VERSION } from "./version.js";

export interface LocalAwsServer {
  url: string;
  /** With `tls`: the same port's HTTPS address (self-signed certificate for localhost and 127.0.0.1). */
  httpsUrl?: string;
  /** With `tls` and a data dir: where the certificate is kept (PEM), for clients to trust. */
  certificatePath?: string;
  port: number;
  settings: Settings;
  clock: Clock;
  manualClock?: ManualClock;
  bus: EventBus;
  store: Store;
  blobs: BlobStore;
  log: Logger;
  registry: ServiceRegistry;
  eventLog: EventLog;
  jobs: JobScheduler;
  /** Resolves once every service is loaded and started. */
  ready: Promise<void>;
  settle(): Promise<void>;
  snapshot(): Promise<string>;
  restore(id: string): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateServerOptions {
  services: ServiceManifest[];
  logDestination?: NodeJS.WritableStream;
}

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly host: string) {
    super(`local-aws: port ${port} on ${host} is already in use; stop what uses it or pick another with --port`);
  }
}

const SHUTDOWN_GRACE_MS = 5000;
/** Bodies up to this size are read whole by the fast path; larger ones stream through Node's server. */
const FAST_PATH_MAX_BODY = 1024 * 1024;

export async function createServer(settings: Settings, options: CreateServerOptions): Promise<LocalAwsServer> {
  await checkConfig(settings.config, options.services);
  const log = createLogger(settings.logLevel, options.logDestination);
  onTimerError((err) => log.error({ err }, "timer callback failed"));
  const manualClock = settings.virtualClock ? new ManualClock() : undefined;
  const clock: Clock = manualClock ?? new SystemClock();
  const bus = new EventBus((err, event) => log.error({ err, event }, "bus delivery failed"));
  const store = new Store({ dataDir: settings.dataDir });
  const blobs = new BlobStore(settings.dataDir);
  const registry = new ServiceRegistry(options.services);
  const eventLog = new EventLog(store, clock, bus, log);
  const jobs = new JobScheduler(store, clock, bus, log);
  let url = "";
  registry.bind({ clock, bus, store, blobs, log, settings, endpoint: () => url, eventLog, jobs });
  const env: DispatchEnv = { clock, bus, store, blobs, log, settings, registry, eventLog };
  if (manualClock) manualClock.settle = () => bus.idle();

  const settle = async (): Promise<void> => {
    await ready;
    await bus.idle();
  };
  const afterStateSwap = (): void => {
    clock.cancelAll();
    registry.afterRestore();
  };
  const admin = {
    version: VERSION,
    endpointNames: () => options.services.flatMap((s) => s.apis.map((a) => a.endpointName)).filter((n, i, all) => all.indexOf(n) === i),
    clock: { now: () => clock.now(), virtual: clock.virtual, manual: manualClock },
    settle,
    snapshot: async () => {
      await settle();
      return store.snapshot();
    },
    restore: async (id: string) => {
      await settle();
      store.restore(id);
      afterStateSwap();
    },
    reset: async () => {
      await settle();
      store.reset();
      blobs.collectDeferred();
      afterStateSwap();
    },
  };

  const debug = log.isLevelEnabled("debug");
  const failedOutside = (err: unknown): HttpResponse => {
    log.error({ err }, "request failed outside any service");
    return { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: "InternalFailure", message: "internal error" }) };
  };
  const logged = (started: number, { response, service, operation }: Dispatched): HttpResponse => {
    if (debug) log.debug({ service, operation, status: response.status, ms: Math.round((realTime.monotonicMs() - started) * 100) / 100 }, "request");
    return response;
  };
  /**
   * Admin route or service: the one function both HTTP paths call. Synchronous when dispatch is
   * (see dispatch.ts); services load on first use (dispatch awaits just the one it needs).
   */
  const guard = new RequestGuard({ corsOrigins: settings.corsOrigins, allowedHosts: settings.allowedHosts, listenHost: settings.host });
  const serve = (req: HttpRequest): HttpResponse | Promise<HttpResponse> => {
    const started = debug ? realTime.monotonicMs() : 0;
    const hostRefused = guard.hostRefusal(req);
    if (hostRefused) return refusal(403, hostRefused);
    const origin = guard.origin(req);
    if (req.rawPath.startsWith("/_local/")) {
      if (isAdminPath(req.rawPath) && origin.kind !== "none") {
        if (origin.kind === "foreign") return refusal(403, origin.message);
        if (isPreflight(req)) return preflightAnswer(req, origin.origin);
      }
      return (async (): Promise<HttpResponse> => {
        const response = await handleAdmin(req, admin);
        if (response && origin.kind === "allowed") Object.assign(response.headers, corsHeaders(origin.origin));
        return response ? logged(started, { response, service: "local", operation: "admin" }) : logged(started, await dispatch(req, env, origin));
      })().catch(failedOutside);
    }
    try {
      const dispatched = dispatch(req, env, origin);
      if (dispatched instanceof Promise) return dispatched.then((d) => logged(started, d), failedOutside);
      return logged(started, dispatched);
    } catch (err) {
      return failedOutside(err);
    }
  };
  const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const req = toHttpRequest(raw);
    send(res, req.method, await serve(req));
  };
  // A failure while sending (a stream that breaks mid-response) ends that connection; the process lives on.
  const sendFailed = (res: ServerResponse) => (err: unknown): void => {
    log.error({ err }, "sending a response failed");
    res.destroy();
  };
  let shuttingDown = false;
  let fast: FastHttp | undefined;
  const h2 = new Http2Front({ serve, onError: (err) => log.error({ err }, "sending a response failed") });

  const app: FastifyInstance = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    forceCloseConnections: "idle",
    routerOptions: { maxParamLength: 65535 },
    return503OnClosing: false,
    // The server fastify would create; every request goes to `handle` (fastify's router never
    // answers: its 404, FST_ERR_BAD_URL and 415 would not be AWS errors).
    serverFactory: (_fastifyHandler, options) => {
      // fastify has filled in its defaults by now (72 s keep-alive, no request/connection timeout).
      const opts = options as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      const server = createHttpServer((raw, res) => {
        if (shuttingDown) res.shouldKeepAlive = false;
        handle(raw, res).catch(sendFailed(res));
      });
      // Plain requests are served straight from the socket; the rest go to Node's HTTP server.
      const nodeConnectionListeners = server.listeners("connection") as ((socket: Socket) => void)[];
      server.removeAllListeners("connection");
      fast = new FastHttp({
        serve,
        // The connection is not plain HTTP/1.1: an HTTP/2 preface goes to the HTTP/2 server, the rest to Node's HTTP/1 parser.
        fallback: (socket) => {
          const first = socket.read() as Buffer | null;
          if (first) socket.unshift(first);
          if (first && isHttp2Preface(first)) {
            h2.adopt(socket);
            return true;
          }
          for (const listener of nodeConnectionListeners) listener.call(server, socket);
          return false;
        },
        onSendError: (err) => log.error({ err }, "sending a response failed"),
        keepAliveMs: opts.keepAliveTimeout ?? 72_000,
        maxBody: FAST_PATH_MAX_BODY,
      });
      const tlsFront = settings.tls
        ? new TlsFront(serverCertificate(settings.dataDir, clock.now()), {
            plain: (socket) => fast!.adopt(socket),
            h2: (socket) => h2.adopt(socket),
            http1: (socket) => {
              for (const listener of nodeConnectionListeners) listener.call(server, socket);
            },
          })
        : undefined;
      server.on("connection", (socket: Socket) => (tlsFront ? tlsFront.adopt(socket) : fast!.adopt(socket)));
      // WebSocket handshakes (API Gateway WebSocket APIs): the guard first, then the data planes.
      server.on("upgrade", (raw: IncomingMessage, socket: Socket, head: Buffer) => {
        const req = toHttpRequest(raw);
        const refuse = (status: number, text: string): void => void socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
        socket.on("error", () => socket.destroy());
        if (guard.hostRefusal(req)) return refuse(403, "Forbidden");
        dispatchUpgrade(req, { request: raw, socket, head }, env, guard.origin(req)).then(
          (taken) => (taken ? undefined : refuse(404, "Not Found")),
          (err: unknown) => {
            log.error({ err }, "a WebSocket handshake failed");
            socket.destroy();
          },
        );
      });
      server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
      server.requestTimeout = opts.requestTimeout ?? 0;
      server.setTimeout(opts.connectionTimeout ?? 0);
      return server;
    },
  });
  // A request Node's parser refuses is answered as Node answers it (a bare 400/431/413/408 and the
  // connection closed), not with fastify's JSON body (which a HEAD request's client cannot parse).
  app.server.removeAllListeners("clientError");

  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (err) {
    store.close();
    blobs.close();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new PortInUseError(settings.port, settings.host);
    throw err;
  }
  const port = (app.server.address() as AddressInfo).port;
  const address = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  url = `http://${address}:${port}`;
  const httpsUrl = settings.tls ? `https://${address === "127.0.0.1" ? "localhost" : address}:${port}` : undefined;
  const certificatePath = settings.tls && settings.dataDir ? join(settings.dataDir, "tls", "local-aws.crt") : undefined;
  // Services with state load right after the first turn of the event loop (module evaluation is
  // synchronous and would delay the first request); the others load on first use.
  const ready = new Promise<void>((resolve) => setImmediate(resolve)).then(() => registry.loadStateful()).then(() => jobs.arm());
  ready.catch((err: unknown) => log.error({ err }, "a service failed to start"));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      shuttingDown = true;
      fast?.close();
      h2.close();
      const force = realTime.after(SHUTDOWN_GRACE_MS, () => {
        app.server.closeAllConnections();
        fast?.destroyAll();
        h2.destroyAll();
      });
      await app.close();
      force.cancel();
      clock.cancelAll();
      await ready.catch(() => undefined);
      await registry.stop();
      store.close();
      blobs.close();
    })());

  return { url, httpsUrl, certificatePath, port, settings, clock, manualClock, bus, store, blobs, log, registry, eventLog, jobs, ready, settle, snapshot: admin.snapshot, restore: admin.restore, reset: admin.reset, close };
}

function send(res: ServerResponse, method: string, response: HttpResponse): void {
  const body = response.body;
  if (body instanceof Readable) {
    res.writeHead(response.status, response.headers);
    if (method === "HEAD") {
      body.destroy();
      res.end();
      return;
    }
    body.on("error", () => res.destroy());
    body.pipe(res);
    return;
  }
  // A string body stays a string: Node then sends head and body as one chunk (cheaper than a Buffer).
  const { length, contentLength } = bufferedLength(response);
  if (contentLength !== undefined) response.headers["content-length"] = contentLength;
  res.writeHead(response.status, response.headers);
  if (method === "HEAD" || length === 0) res.end();
  else res.end(body, "utf8");
}
