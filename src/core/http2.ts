/**
 * HTTP/2 on the same port as HTTP/1.1. A cleartext client with prior knowledge (the Kinesis SDK
 * client for an `http://` endpoint, `http2.connect`) opens with the connection preface
 * `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`; the fast path hands such a socket over (it is not a plain
 * HTTP/1.1 request) and `isHttp2Preface` sends it here instead of to Node's HTTP/1 parser. With
 * `--tls`, TLS connections negotiate `h2` or `http/1.1` by ALPN and land here or on Node's HTTP/1 server.
 */
import { constants, createServer as createHttp2Server, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from "node:http2";
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

/**
 * A request read from Node's core HTTP/2 stream (not the compatibility layer's request and response
 * objects, which cost more than the Kinesis PutRecord behind them): the headers arrive with the
 * stream, and the stream itself is the body.
 */
class Http2Request extends BaseHttpRequest {
  private body: Promise<Buffer> | undefined = undefined;

  constructor(
    readonly bodyStream: ServerHttp2Stream,
    h2Headers: IncomingHttpHeaders,
    scheme: "http" | "https",
  ) {
    const headers: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    let method = "GET";
    let path = "/";
    let authority: string | undefined;
    for (const name in h2Headers) {
      const value = h2Headers[name];
      if (name.charCodeAt(0) === 58 /* ":" */) {
        if (name === ":method") method = value as string;
        else if (name === ":path") path = (value as string) || "/";
        else if (name === ":authority") authority = value as string;
        continue;
      }
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    // HTTP/2 carries the Host as the :authority pseudo-header.
    headers.host ??= authority;
    super(method, path, headers, scheme);
  }

  readBody(limit: number, tooLarge: () => Error): Promise<Buffer> {
    return (this.body ??= readAll(this.bodyStream, limit, tooLarge));
  }
}

function readAll(stream: Readable, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
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
    let ended = false;
    stream.on("data", onData);
    stream.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    stream.once("error", reject);
    // A stream reset by the client before its body ended never ends: fail instead of hanging.
    stream.once("close", () => {
      if (!ended) reject(new Error("the HTTP/2 stream closed before its body ended"));
    });
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
    // The core `stream` event, with no `request` listener: Node then builds no compatibility objects.
    this.server.on("stream", (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => this.onStream(stream, headers));
    this.server.on("session", (session: ServerHttp2Session) => {
      this.sessions.add(session);
      session.once("close", () => this.sessions.delete(session));
      session.on("error", () => session.destroy());
    });
    // A client that breaks the protocol loses its connection, never the process.
    this.server.on("sessionError", () => {});
  }

  private onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    // A stream the client reset, or that broke, is simply gone; nothing more is sent on it.
    stream.on("error", ignore);
    const scheme = (stream.session?.socket as { encrypted?: boolean } | undefined)?.encrypted ? "https" : "http";
    const req = new Http2Request(stream, headers, scheme);
    let served: HttpResponse | Promise<HttpResponse>;
    try {
      served = this.options.serve(req);
    } catch (err) {
      this.failed(stream, err);
      return;
    }
    if (served instanceof Promise) {
      served.then(
        (response) => this.send(stream, req.method, response),
        (err: unknown) => this.failed(stream, err),
      );
    } else this.send(stream, req.method, served);
  }

  private send(stream: ServerHttp2Stream, method: string, response: HttpResponse): void {
    try {
      respond(stream, method, response);
    } catch (err) {
      this.failed(stream, err);
    }
  }

  private failed(stream: ServerHttp2Stream, err: unknown): void {
    this.options.onError(err);
    if (!stream.destroyed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
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

function ignore(): void {}

function respond(stream: ServerHttp2Stream, method: string, response: HttpResponse): void {
  const body = response.body;
  if (stream.destroyed || stream.closed) {
    if (body instanceof Readable) body.destroy();
    return;
  }
  const headers: Record<string, string | number> = { ":status": response.status };
  for (const name in response.headers) {
    const lower = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(lower)) headers[lower] = response.headers[name]!;
  }
  if (body instanceof Readable) {
    if (method === "HEAD") {
      body.destroy();
      stream.respond(headers, { endStream: true });
      return;
    }
    stream.respond(headers);
    body.on("error", () => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
    body.pipe(stream);
    return;
  }
  const { length, contentLength } = bufferedLength(response);
  if (contentLength !== undefined) headers["content-length"] = contentLength;
  // A body the service never read is drained, so the client's flow-control window never stalls.
  if (stream.readableFlowing === null) stream.resume();
  if (method === "HEAD" || length === 0) {
    stream.respond(headers, { endStream: true });
    return;
  }
  stream.respond(headers);
  stream.end(body as Buffer | string);
}
