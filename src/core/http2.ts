/**
 * HTTP/2 on the same port as HTTP/1.1. A cleartext client with prior knowledge (the Kinesis SDK
 * client for an `http://` endpoint, `http2.connect`) opens with the connection preface
 * `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`; the fast path hands such a socket over (it is not a plain
 * HTTP/1.1 request) and `isHttp2Preface` sends it here instead of to Node's HTTP/1 parser. With
 * `--tls`, TLS connections negotiate `h2` or `http/1.1` by ALPN and land here or on Node's HTTP/1 server.
 */
import { createServer as createHttp2Server, type Http2Server, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from "node:http2";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import { BaseHttpRequest } from "./http-request.js";
import { bufferedLength } from "./response-length.js";
import type { HttpRequest, HttpResponse } from "./service.js";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** Whether the bytes a connection opened with are (the start of) the HTTP/2 preface. */
export function isHttp2Preface(first: Buffer): boolean {
  const n = Math.min(first.length, PREFACE.length);
  return n >= 3 && first.subarray(0, n).equals(PREFACE.subarray(0, n));
}

/** Headers HTTP/2 forbids in a response (RFC 9113 §8.2.2); Node throws if it is given one. */
const CONNECTION_HEADERS = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

class Http2Request extends BaseHttpRequest {
  private body: Promise<Buffer> | undefined = undefined;

  constructor(
    readonly bodyStream: Http2ServerRequest,
    scheme: "http" | "https",
  ) {
    const headers: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    for (const [name, value] of Object.entries(bodyStream.headers)) {
      if (name.startsWith(":")) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    // HTTP/2 carries the Host as the :authority pseudo-header.
    headers.host ??= bodyStream.authority;
    super(bodyStream.method, bodyStream.url || "/", headers, scheme);
  }

  readBody(limit: number, tooLarge: () => Error): Promise<Buffer> {
    return (this.body ??= readAll(this.bodyStream, limit, tooLarge));
  }
}

function readAll(stream: Readable, limit: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stream.off("data", onData);
        stream.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(Buffer.concat(chunks, size)));
    stream.once("error", reject);
  });
}

export interface Http2FrontOptions {
  serve(req: HttpRequest): HttpResponse | Promise<HttpResponse>;
  onError(err: unknown): void;
}

/** Node's HTTP/2 server, fed sockets by the listener instead of listening itself. */
export class Http2Front {
  readonly server: Http2Server;
  private readonly sessions = new Set<ServerHttp2Session>();

  constructor(private readonly options: Http2FrontOptions) {
    this.server = createHttp2Server();
    this.server.on("request", (req: Http2ServerRequest, res: Http2ServerResponse) => {
      const scheme = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
      Promise.resolve()
        .then(() => this.options.serve(new Http2Request(req, scheme)))
        .then((response) => send(res, req.method, response))
        .catch((err: unknown) => {
          this.options.onError(err);
          res.stream.close();
        });
    });
    this.server.on("session", (session: ServerHttp2Session) => {
      this.sessions.add(session);
      session.once("close", () => this.sessions.delete(session));
      session.on("error", () => session.destroy());
    });
    // A client that breaks the protocol loses its connection, never the process.
    this.server.on("sessionError", () => {});
  }

  adopt(socket: Socket): void {
    // Node's session is fed the bytes already read (the fast path's) on the next tick, but it
    // consumes the socket's handle at once, and the handle goes on reading in the same libuv
    // callback and hands it later bytes first: a first request larger than one read (64 KiB, e.g.
    // a PutRecords batch on a new connection) hung. The handle waits until those bytes are in.
    const handle = socket.readableLength > 0 ? (socket as unknown as { _handle?: { readStop?(): number; readStart?(): number } })._handle : undefined;
    handle?.readStop?.();
    this.server.emit("connection", socket);
    if (handle) process.nextTick(() => void (socket.destroyed ? undefined : handle.readStart?.()));
  }

  /** Stops taking streams: sessions end after their open streams (GOAWAY). */
  close(): void {
    for (const session of this.sessions) session.close();
  }

  destroyAll(): void {
    for (const session of this.sessions) session.destroy();
  }
}

function send(res: Http2ServerResponse, method: string, response: HttpResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(lower)) headers[lower] = value;
  }
  const body = response.body;
  if (body instanceof Readable) {
    res.writeHead(response.status, headers);
    if (method === "HEAD") {
      body.destroy();
      res.end();
      return;
    }
    body.on("error", () => res.stream.close());
    body.pipe(res);
    return;
  }
  const { length, contentLength } = bufferedLength(response);
  if (contentLength !== undefined) headers["content-length"] = contentLength;
  res.writeHead(response.status, headers);
  if (method === "HEAD" || length === 0) res.end();
  else res.end(body as Buffer | string);
}
