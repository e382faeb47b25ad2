import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import { Readable, Writable } from "node:stream";
import { realTime } from "./clock.js";
import { FALLBACK, INCOMPLETE, MAX_HEAD, parseHead, TOKEN_CHAR, type RequestHead } from "./fast-http-head.js";
import { BaseHttpRequest } from "./http-request.js";
import { BufferedBody } from "./buffered-body.js";
import { bufferedLength } from "./response-length.js";
import type { HttpRequest, HttpResponse } from "./service.js";

/**
 * A connection-level fast path for plain HTTP/1.1 requests. Node's HTTP server (IncomingMessage and
 * ServerResponse streams, their events and header machinery) costs about as much CPU as a whole
 * DynamoDB GetItem behind it; AWS clients send simple keep-alive requests with a Content-Length
 * body, which this reads whole, hands to the same `serve` function and answers with one write.
 *
 * The first request on a connection that is not plain (see `fast-http-head.ts`) hands the socket,
 * with every byte read so far, to Node's HTTP server for the rest of its life, so anything unusual
 * is answered exactly as before. Requests on one connection are served one after another, as Node does.
 */
export interface FastHttpOptions {
  serve(req: HttpRequest): HttpResponse | Promise<HttpResponse>;
  /**
   * Gives the socket to Node's HTTP server (its `connection` listener). Returns true when the new
   * owner reads the socket itself (HTTP/2 takes over its handle), so it must not be resumed here.
   */
  fallback(socket: Socket): unknown;
  onSendError(err: unknown): void;
  keepAliveMs: number;
  /** Larger bodies are streamed by Node's server instead of being read whole here. */
  maxBody: number;
}

/** How long the start of a head may wait for the rest here before Node's parser (and its headers timeout) takes the connection. */
const HEAD_GRACE_MS = 1000;

export class FastHttp {
  private readonly connections = new Set<FastConnection>();
  closing = false;
  readonly keepAliveSeconds: number;

  constructor(readonly options: FastHttpOptions) {
    this.keepAliveSeconds = Math.floor(options.keepAliveMs / 1000);
  }

  adopt(socket: Socket): void {
    const conn = new FastConnection(socket, this);
    this.connections.add(conn);
    socket.once("close", () => this.connections.delete(conn));
  }

  /** Stops taking requests: idle connections close now, busy ones after their response. */
  close(): void {
    this.closing = true;
    for (const conn of this.connections) conn.closeWhenIdle();
  }

  /** Ends every connection at once (after the shutdown grace period). */
  destroyAll(): void {
    for (const conn of this.connections) conn.socket.destroy();
  }
}

class FastConnection {
  /** Bytes received and not yet served, joined only when a whole request is there (no copy per chunk). */
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** The parsed head of a request whose body is still arriving. */
  private head: RequestHead | undefined = undefined;
  private busy = false;
  private gone = false;
  private headTimer: { cancel(): void } | undefined = undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (!this.busy) this.next();
    // A client pipelining far ahead of its answers waits (TCP backpressure) instead of filling memory.
    else if (this.bytes > this.owner.options.maxBody + MAX_HEAD) this.socket.pause();
  };

  /** Everything received so far as one buffer. */
  private received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.bytes)];
    return this.chunks[0]!;
  }

  constructor(
    readonly socket: Socket,
    private readonly owner: FastHttp,
  ) {
    socket.setNoDelay(true);
    // Armed once: Node refreshes it on every read and write, so it measures idle time; it firing
    // while a request is being served (a long poll, a slow function) is ignored (onTimeout), and
    // the response's write re-arms it. (Toggling it per request cost two timer-list updates.)
    socket.setTimeout(owner.options.keepAliveMs);
    socket.on("data", this.onData);
    socket.on("timeout", this.onTimeout);
    socket.on("error", this.onError);
    socket.on("end", this.onEnd);
  }

  private readonly onTimeout = (): void => {
    if (!this.busy) this.socket.destroy();
  };
  private readonly onError = (): void => {
    this.socket.destroy();
  };
  private readonly onEnd = (): void => {
    this.cancelHeadTimer();
    // The client finished sending; answer what is in flight (half-open), then close. A request cut
    // short gets Node's answer to an unexpected end (HPE_INVALID_EOF_STATE).
    if (this.busy) return;
    if (this.bytes > 0) this.socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else this.socket.end();
  };

  private cancelHeadTimer(): void {
    this.headTimer?.cancel();
    this.headTimer = undefined;
  }

  closeWhenIdle(): void {
    if (!this.busy) this.socket.destroy();
  }

  /**
   * Serves the buffered requests one by one; hands the socket to Node at the first non-plain one.
   * Answers that are ready at once are written in this loop (not by recursion: a client may
   * pipeline thousands of small requests); one that is not resumes the loop from `done`.
   */
  private next(): void {
    while (this.bytes > 0 && !this.gone && !this.busy) {
      if (this.owner.closing) {
        this.socket.destroy();
        return;
      }
      const served = this.take();
      if (served === undefined) return;
      const [req, head] = served;
      this.busy = true;
      let response: HttpResponse | Promise<HttpResponse>;
      try {
        response = this.owner.options.serve(req);
      } catch (err) {
        this.failed(err);
        return;
      }
      if (response instanceof Promise) {
        response.then((r) => this.respond(req, head, r, true)).catch((err: unknown) => this.failed(err));
        return;
      }
      this.respond(req, head, response, false);
    }
  }

  /** The next whole request taken off the buffer, or undefined while it is incomplete (or was handed over). */
  private take(): [FastHttpRequest, RequestHead] | undefined {
    let head = this.head;
    if (head === undefined) {
      const parsed = parseHead(this.received(), this.owner.options.maxBody);
      if (parsed === INCOMPLETE) {
        // A head that stays incomplete (a slow client, a slowloris) goes to Node, whose headers timeout then applies.
        this.headTimer ??= realTime.after(HEAD_GRACE_MS, () => {
          this.headTimer = undefined;
          if (!this.gone && !this.busy && !this.socket.destroyed && this.head === undefined && this.bytes > 0) this.handOver();
        });
        return undefined;
      }
      this.cancelHeadTimer();
      if (parsed === FALLBACK) {
        this.handOver();
        return undefined;
      }
      head = this.head = parsed;
    }
    const end = head.bodyStart + head.bodyLength;
    if (this.bytes < end) return undefined;
    // The body as the chunks it arrived in (no copy of a large body); what follows it stays buffered.
    const parts: Buffer[] = [];
    const rest: Buffer[] = [];
    let offset = 0;
    for (const chunk of this.chunks) {
      const from = offset;
      offset += chunk.length;
      const a = Math.max(from, head.bodyStart);
      const b = Math.min(offset, end);
      if (b > a) parts.push(a === from && b === offset ? chunk : chunk.subarray(a - from, b - from));
      if (offset > end) rest.push(from >= end ? chunk : chunk.subarray(end - from));
    }
    this.head = undefined;
    this.chunks = rest;
    this.bytes -= end;
    return [new FastHttpRequest(head, parts, head.bodyLength), head];
  }

  private failed(err: unknown): void {
    this.owner.options.onSendError(err);
    this.socket.destroy();
  }

  private handOver(): void {
    this.cancelHeadTimer();
    this.gone = true;
    const socket = this.socket;
    socket.off("data", this.onData);
    socket.off("timeout", this.onTimeout);
    socket.off("error", this.onError);
    socket.off("end", this.onEnd);
    socket.setTimeout(0);
    socket.pause();
    if (this.bytes > 0) socket.unshift(this.received());
    this.chunks = [];
    this.bytes = 0;
    if (this.owner.options.fallback(socket) !== true) socket.resume();
  }

  /** Writes an answer; `resume` (an answer that came later) serves what was buffered meanwhile. */
  private respond(req: FastHttpRequest, head: RequestHead, response: HttpResponse, resume: boolean): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    req.discard();
    const close = head.close || this.owner.closing;
    const body = response.body;
    const headers = response.headers;
    const isHead = req.method === "HEAD";
    if (body instanceof Readable) {
      const chunked = !("content-length" in headers) && !isHead && response.status !== 204 && response.status !== 304;
      const text = statusAndHeaders(response.status, headers, chunked ? "transfer-encoding: chunked\r\n" : "", close, this.owner.keepAliveSeconds);
      if (text === undefined) {
        body.destroy();
        socket.destroy();
        return;
      }
      socket.write(text);
      if (isHead) {
        body.destroy();
        this.done(close, resume);
        return;
      }
      this.pipe(body, chunked, close);
      return;
    }
    const { length, contentLength } = bufferedLength(response);
    const extra = contentLength === undefined ? "" : `content-length: ${contentLength}\r\n`;
    const text = statusAndHeaders(response.status, headers, extra, close, this.owner.keepAliveSeconds);
    if (text === undefined) {
      socket.destroy(); // a header value Node would refuse to send
      return;
    }
    if (isHead || length === 0) socket.write(text);
    else if (typeof body === "string") socket.write(text + body, "utf8");
    else {
      socket.cork();
      socket.write(text);
      socket.write(body!);
      socket.uncork();
    }
    this.done(close, resume);
  }

  /**
   * Streams a body through a Writable that writes to the socket but never ends it (the connection
   * lives on), so bodies with their own `pipe` (S3's pooled file bodies) work as with a ServerResponse.
   */
  private pipe(body: Readable, chunked: boolean, close: boolean): void {
    const socket = this.socket;
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (chunked) {
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          socket.write("\r\n", callback);
        } else socket.write(chunk, callback);
      },
      writev(chunks, callback) {
        socket.cork();
        chunks.forEach(({ chunk }, i) => {
          const last = i === chunks.length - 1 ? callback : undefined;
          if (chunked) {
            socket.write(`${(chunk as Buffer).length.toString(16)}\r\n`);
            socket.write(chunk as Buffer);
            socket.write("\r\n", last);
          } else socket.write(chunk as Buffer, last);
        });
        socket.uncork();
      },
      final(callback) {
        if (chunked) socket.write("0\r\n\r\n");
        callback();
      },
    });
    const onClose = (): void => {
      out.destroy();
      body.destroy();
    };
    socket.once("close", onClose);
    const fail = (err: unknown): void => {
      socket.off("close", onClose);
      this.owner.options.onSendError(err);
      body.destroy();
      socket.destroy();
    };
    body.once("error", fail);
    out.once("error", fail);
    out.once("finish", () => {
      socket.off("close", onClose);
      this.done(close, true);
    });
    body.pipe(out);
  }

  /** After an answer: the connection ends, or takes the next request (`resume`: unless the serving loop is running). */
  private done(close: boolean, resume: boolean): void {
    this.busy = false;
    if (close || this.owner.closing || this.socket.readableEnded) {
      this.gone = true;
      this.socket.end();
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
    if (resume && this.bytes > 0) this.next();
  }
}

/** The request as codecs see it, with a body already read whole. */
class FastHttpRequest extends BaseHttpRequest {
  private stream: Readable | undefined = undefined;
  private whole: Buffer | undefined = undefined;

  constructor(
    head: RequestHead,
    private readonly parts: Buffer[],
    private readonly length: number,
  ) {
    super(head.method, head.url, head.headers);
  }

  get bodyStream(): Readable {
    return (this.stream ??= new BufferedBody(this.parts));
  }

  readBody(limit: number, tooLarge: () => Error): Promise<Buffer> {
    try {
      return Promise.resolve(this.readBodyNow(limit, tooLarge));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  override readBodyNow(limit: number, tooLarge: () => Error): Buffer {
    if (this.length > limit) throw tooLarge();
    return (this.whole ??= this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length));
  }

  /**
   * A body stream a consumer left half-read is destroyed with the request. One nobody started
   * reading (or whose chunks were taken) holds only buffers: it is dropped, since destroying a
   * stream (its close event, a tick later) cost a request as much as its whole body handling.
   */
  discard(): void {
    if (this.stream && !this.stream.readableEnded && this.stream.readableFlowing !== null) this.stream.destroy();
  }
}

/** What Node's ServerResponse accepts: a token name, a value of tab, visible ASCII and Latin-1 (checked by loops: no regex per header). */
function validHeader(name: string, value: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) if (TOKEN_CHAR[name.charCodeAt(i)] !== 1) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** The status line and headers as Node writes them (Date, Connection, Keep-Alive), or undefined for a value Node would refuse. */
function statusAndHeaders(status: number, headers: Record<string, string>, extra: string, close: boolean, keepAliveSeconds: number): string | undefined {
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "unknown"}\r\n`;
  let hasDate = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!validHeader(name, value)) return undefined;
    if (name.length === 4 && name.toLowerCase() === "date") hasDate = true;
    text += `${name}: ${value}\r\n`;
  }
  if (!hasDate) text += `date: ${httpDate()}\r\n`;
  return `${text}${extra}${close ? "connection: close\r\n" : `connection: keep-alive\r\nkeep-alive: timeout=${keepAliveSeconds}\r\n`}\r\n`;
}
let dateSecond = -1;
let dateText = "";
function httpDate(): string {
  const now = realTime.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
