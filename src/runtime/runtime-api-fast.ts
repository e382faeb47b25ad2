/**
 * The Runtime API's fast path for one connection of a runtime process: the plain requests a
 * runtime client makes on every invocation (`GET .../invocation/next`, a Content-Length
 * `POST .../invocation/<id>/response` or `/error`) read off the socket with the core's head
 * parser and answered with one write each, without Node's IncomingMessage/ServerResponse
 * machinery. Anything else (a chunked streamed response, the Extensions API, `init/error`, a
 * request from outside the loopback name, a malformed or unusual head) hands the socket, with
 * every byte read so far, to Node's HTTP server (runtime-api.ts's routes) for the rest of its
 * life, so it is answered exactly as before.
 *
 * A client that sends its result and its next `/next` in one write (ours do: python-runtime.ts,
 * the Ruby and Java clients) gets the result's 202 in the same write as its next event: one
 * wake-up of the runtime per invocation instead of two.
 */
import type { Socket } from "node:net";
import { FALLBACK, INCOMPLETE, MAX_HEAD, parseHead, type RequestHead } from "../core/fast-http-head.js";
import type { InvokeMessage } from "./runtime-api.js";

/** What the fast path needs of the environment's Runtime API. */
export interface FastRuntimeRoutes {
  /** The body limit of a buffered response; a larger one goes to Node's server (which answers 413). */
  readonly maxBody: number;
  /** Whether a request may use the API (no Origin, a loopback Host); others go to Node's server, which refuses them. */
  allowed(headers: Record<string, string | undefined>): boolean;
  /** A `/next` long poll. */
  next(poller: FastConnection): void;
  /** The connection closed (a `/next` it held is no longer waiting). */
  closed(poller: FastConnection): void;
  /** A buffered `/response` or `/error` for request `id`; `reply` gets the answer (at once, or once the invocation is settled). */
  respond(id: string, kind: "response" | "error", errorType: string | undefined, body: Buffer, reply: (status: number, body: string) => void): void;
  /** The Node.js HTTP server's `connection` listener. */
  fallback(socket: Socket): void;
}

const API = "/2018-06-01/runtime/";
const NEXT = `${API}invocation/next`;
const INVOCATION = `${API}invocation/`;
const STATUS_TEXT: Record<number, string> = { 200: "OK", 202: "Accepted", 400: "Bad Request" };

export class FastConnection {
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** A request is being answered (a long poll, a result being settled): the next waits, as HTTP/1.1 orders answers. */
  private busy = false;
  private gone = false;
  /** The request being answered is a `/next`: answers held before it go out with its event. */
  private polling = false;
  private pumping = false;
  /** The request being answered asked to close the connection after its answer (`Connection: close`). */
  private closeAfter = false;
  /** The client finished sending (half-open): the connection ends once what it asked is answered. */
  private ended = false;
  /** Answers already due but held to go out with the next one (a 202 followed by a pipelined `/next`). */
  private pending = "";

  constructor(
    readonly socket: Socket,
    private readonly routes: FastRuntimeRoutes,
  ) {
    socket.setNoDelay(true);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("end", this.onEnd);
    socket.once("close", () => routes.closed(this));
  }

  private readonly onEnd = (): void => {
    this.ended = true;
    if (!this.busy) this.flush();
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.gone) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (!this.busy) this.pump();
    // A client sending far ahead of its answers waits (TCP backpressure) instead of filling memory.
    else if (this.bytes > this.routes.maxBody + MAX_HEAD) this.socket.pause();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  get closed(): boolean {
    return this.socket.destroyed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The answer to this connection's `/next`: the invocation, after any answer held for it, in one write. */
  deliver(m: InvokeMessage, traceId: string, clientContext: string | undefined): void {
    let head =
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nlambda-runtime-aws-request-id: ${m.r}\r\nlambda-runtime-deadline-ms: ${m.d}\r\n` +
      `lambda-runtime-invoked-function-arn: ${m.a}\r\nlambda-runtime-trace-id: ${traceId}\r\n`;
    if (clientContext !== undefined) head += `lambda-runtime-client-context: ${clientContext}\r\n`;
    head += `${this.closeAfter ? "connection: close\r\n" : ""}content-length: ${Buffer.byteLength(m.v, "utf8")}\r\n\r\n`;
    this.pending += head + m.v;
    this.busy = false;
    this.polling = false;
    if (this.closeAfter) return this.end();
    if (!this.pumping) this.pump();
  }

  /** The held answers, the last on this connection. */
  private end(): void {
    const text = this.pending;
    this.pending = "";
    this.gone = true;
    this.chunks = [];
    this.bytes = 0;
    if (text === "") this.socket.end();
    else this.socket.end(text, "utf8");
  }

  /** Serves the buffered requests in order; hands the socket over at the first the fast path does not serve. */
  private pump(): void {
    this.pumping = true;
    while (this.bytes > 0 && !this.busy && !this.gone) {
      const buf = this.chunks.length > 1 ? (this.chunks = [Buffer.concat(this.chunks, this.bytes)])[0]! : this.chunks[0]!;
      const head = parseHead(buf, this.routes.maxBody);
      if (head === INCOMPLETE) break;
      if (head === FALLBACK || !this.serves(head)) {
        this.pumping = false;
        return this.handOver();
      }
      const end = head.bodyStart + head.bodyLength;
      if (this.bytes < end) break;
      const body = buf.subarray(head.bodyStart, end);
      this.bytes -= end;
      this.chunks = this.bytes > 0 ? [buf.subarray(end)] : [];
      this.busy = true;
      this.serve(head, body);
    }
    this.pumping = false;
    if (!this.busy && this.socket.isPaused()) this.socket.resume();
    this.flush();
  }

  private serves(head: RequestHead): boolean {
    if (!this.routes.allowed(head.headers)) return false;
    if (head.method === "GET") return head.url === NEXT;
    if (head.method !== "POST" || !head.url.startsWith(INVOCATION)) return false;
    // A streamed response is chunked (not a plain head); one that says so with a length still goes to Node's server.
    if (head.headers["lambda-runtime-function-response-mode"] !== undefined) return false;
    const slash = head.url.indexOf("/", INVOCATION.length);
    if (slash <= INVOCATION.length || head.url.indexOf("/", slash + 1) >= 0) return false;
    const kind = head.url.slice(slash + 1);
    return kind === "response" || kind === "error";
  }

  private serve(head: RequestHead, body: Buffer): void {
    this.closeAfter ||= head.close;
    if (head.method === "GET") {
      this.polling = true;
      return this.routes.next(this);
    }
    const slash = head.url.indexOf("/", INVOCATION.length);
    let id: string;
    try {
      id = decodeURIComponent(head.url.slice(INVOCATION.length, slash));
    } catch {
      id = "";
    }
    const kind = head.url.slice(slash + 1) === "response" ? "response" : "error";
    // A view of the chunk it arrived in: socket reads are fresh buffers, kept only until the invocation is settled.
    this.routes.respond(id, kind, head.headers["lambda-runtime-function-error-type"], body, (status, text) => this.answer(status, text));
  }

  /** A JSON answer: held while the next request (already received) may add its own to the same write. */
  private answer(status: number, text: string): void {
    this.pending += `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\ncontent-type: application/json\r\n${this.closeAfter ? "connection: close\r\n" : ""}content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
    this.busy = false;
    if (this.closeAfter) return this.end();
    if (!this.pumping) this.pump();
  }

  /** Writes the held answers, unless a `/next` waiting for an invocation is to take them with its own. */
  private flush(): void {
    if (this.gone || this.polling || this.socket.destroyed) return;
    // A client that ended its side has had every whole request it sent answered.
    if (this.ended && !this.busy) return this.end();
    if (this.pending === "") return;
    this.socket.write(this.pending, "utf8");
    this.pending = "";
  }

  private handOver(): void {
    this.gone = true;
    const socket = this.socket;
    if (this.pending !== "") socket.write(this.pending, "utf8");
    this.pending = "";
    socket.off("data", this.onData);
    socket.off("error", this.onError);
    socket.off("end", this.onEnd);
    socket.pause();
    if (this.bytes > 0) socket.unshift(this.chunks.length > 1 ? Buffer.concat(this.chunks, this.bytes) : this.chunks[0]!);
    this.chunks = [];
    this.bytes = 0;
    this.routes.fallback(socket);
    socket.resume();
  }
}
