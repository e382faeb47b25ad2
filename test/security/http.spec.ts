import { createServer as createHttpServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FastHttp } from "../../src/core/fast-http.js";
import { FALLBACK, INCOMPLETE, parseHead } from "../../src/core/fast-http-head.js";
import { Random } from "../fuzz/generate.js";
import { useServer } from "../helpers/index.js";

// One HTTP behaviour (issue 14): the socket-level fast path serves only what Node's parser would
// deliver exactly as Node delivers it, and leaves everything else to Node at once.
const ctx = useServer();

type NodeOutcome = { kind: "delivered"; method: string; url: string; headers: Record<string, string> } | { kind: "error"; status: string } | { kind: "waiting" };

/** A plain Node HTTP server with its defaults: what Node's parser makes of some bytes. */
let node: Server;
beforeAll(async () => {
  // What Node delivered travels in a header: a HEAD request's answer has no body.
  node = createHttpServer((req, res) => {
    res.setHeader("x-seen", Buffer.from(JSON.stringify({ method: req.method, url: req.url, headers: { ...req.headers } })).toString("base64"));
    res.end();
  });
  await new Promise<void>((r) => node.listen(0, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => node.close(() => r())));

function exchange(port: number, bytes: Buffer, waitMs: number): Promise<{ text: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString("latin1"), closed, ms: performance.now() - started });
    };
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      // One whole answer (head and Content-Length body) is enough.
      const text = Buffer.concat(chunks).toString("latin1");
      const headEnd = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1];
      const seen = headEnd >= 0 && /\r\nx-seen:/i.test(text.slice(0, headEnd)); // the reference server's answer has no body
      if (seen || (headEnd >= 0 && length !== undefined && text.length - headEnd - 4 >= Number(length))) settle(false);
    });
    socket.on("error", () => settle(true));
    socket.on("close", () => settle(true));
    const timer = setTimeout(() => settle(false), waitMs);
    socket.write(bytes);
  });
}

/** `waitMs`: how long silence means Node is waiting for more (an answer ends the wait at once). */
async function nodeOutcome(bytes: Buffer, waitMs: number): Promise<NodeOutcome> {
  const { text } = await exchange((node.address() as AddressInfo).port, bytes, waitMs);
  if (text === "") return { kind: "waiting" };
  const seen = /\r\nx-seen: ([^\r]*)/i.exec(text)?.[1];
  if (text.startsWith("HTTP/1.1 200") && seen) {
    const parsed = JSON.parse(Buffer.from(seen, "base64").toString("utf8")) as { method: string; url: string; headers: Record<string, string> };
    return { kind: "delivered", ...parsed };
  }
  return { kind: "error", status: text.slice(0, text.indexOf("\r\n")) };
}

/** Request heads: a hand-written list of the tricky cases, then seeded combinations of their parts. */
function heads(count: number): Buffer[] {
  const hand = [
    "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET /a\x80\xff HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET /a HTTP/1.1\r\nHost: h\r\nX-A: a\x80\xff\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\t2\t\r\n\r\nab",
    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:  2 \r\n\r\nab",
    "GET / HTTP/1.1\nHost: h\n\n",
    "GET / HTTP/1.1\nHost: h",
    "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
    "get / HTTP/1.1\r\nHost: h\r\n\r\n",
    "PROPFIND / HTTP/1.1\r\nHost: h\r\n\r\n",
    "BREW / HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\nconstructor: x\r\n__proto__: y\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\nX-A : v\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
  ];
  const rnd = new Random(2026);
  const methods = ["GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS", "get", "BREW", "PROPFIND", "", "G\tET"];
  const targets = ["/", "/a/b?x=1&y", "/%zz", "/a%20b", "*", "http://h/", "/a\x80", "/a\tb", "/a b", "/a#b", "/\x7f", "/\u00e9", `/${"x".repeat(3000)}`, "/a?b=\x01"];
  const versions = ["HTTP/1.1", "HTTP/1.0", "http/1.1", "HTTP/2.0", "HTTP/1.1 ", "HTTP/1.12"];
  const eols = ["\r\n", "\r\n", "\r\n", "\n", "\r"];
  const headerLines = [
    "Host: h", "Host: h", "Host:", "Host: h\r\nHost: i", "Content-Length: 0", "Content-Length: 2", "Content-Length: 02", "Content-Length:\t2", "Content-Length: 2\t", "Content-Length: +2",
    "Content-Length: -1", "Content-Length: 1x", "Content-Length: 99999999999", "Content-Length: 2\r\nContent-Length: 2", "Transfer-Encoding: chunked", "X-A: v", "X-A:\tv\t", "X A: v", ": v",
    "X-A: a\x00b", "X-A: a\x80", "X\xe9: v", "X-A: 1\r\n 2", "constructor: x", "Connection: close", "Connection: keep-alive, Upgrade", "Expect: 100-continue", "Content-Type: ///",
    `X-Big: ${"b".repeat(20_000)}`, "x-amz-target: DynamoDB_20120810.ListTables",
  ];
  const out = hand.map((h) => Buffer.from(h, "latin1"));
  const plainHeaders = ["X-A: v", "X-A:\tv\t", "Content-Length: 0", "Content-Length: 2", "Content-Length:  02 ", "x-amz-target: DynamoDB_20120810.ListTables", "Content-Type: ///", "X-A: a\x80", "Connection: close", "Authorization: AWS4-HMAC-SHA256 Credential=a/b"];
  while (out.length < count) {
    // Half the heads are near-plain (what clients send, one part in ten broken); the rest anything.
    const near = rnd.chance(0.5);
    const part = <T>(good: readonly T[], any: readonly T[]): T => (near && !rnd.chance(0.1) ? rnd.pick(good) : rnd.pick(any));
    const eol = near || rnd.chance(0.85) ? "\r\n" : rnd.pick(eols);
    let text = `${part(methods.slice(0, 7), methods)} ${part(targets.slice(0, 4), targets)} ${part(["HTTP/1.1"], versions)}${eol}`;
    if (near) text += `Host: h${eol}`;
    const n = rnd.int(5);
    for (let i = 0; i < n; i++) text += `${part(plainHeaders, headerLines)}${eol}`;
    if (rnd.chance(0.9)) text += eol;
    if (rnd.chance(0.3)) text += "ab";
    if (rnd.chance(0.1)) text = text.slice(0, rnd.int(text.length));
    out.push(Buffer.from(text, "latin1"));
  }
  return out;
}

describe("the fast path and Node's parser, side by side", () => {
  it("serves only requests Node would deliver, exactly as Node delivers them, and waits only where Node waits", { timeout: 120_000 }, async () => {
    const cases = heads(2500);
    const mismatches: string[] = [];
    let served = 0;
    let left = 0;
    const check = async (bytes: Buffer): Promise<void> => {
      const ours = parseHead(bytes, 1024 * 1024);
      if (ours === FALLBACK) {
        left++; // Node's parser takes it: whatever it answers is Node's answer
        return;
      }
      // A head the fast path serves must be one Node answers (however loaded the machine); one it
      // waits on must be one Node waits on too.
      const theirs = await nodeOutcome(bytes, ours === INCOMPLETE ? 300 : 10_000);
      const label = JSON.stringify(bytes.toString("latin1").slice(0, 120));
      if (ours === INCOMPLETE) {
        if (theirs.kind !== "waiting") mismatches.push(`${label}: fast path waits, Node ${theirs.kind === "error" ? theirs.status : "delivers"}`);
        return;
      }
      served++;
      if (theirs.kind !== "delivered") mismatches.push(`${label}: fast path serves, Node ${theirs.kind === "error" ? theirs.status : "waits"}`);
      else if (ours.method !== theirs.method || ours.url !== theirs.url || JSON.stringify({ ...ours.headers }) !== JSON.stringify(theirs.headers)) {
        mismatches.push(`${label}: fast path ${JSON.stringify([ours.method, ours.url, ours.headers])} vs Node ${JSON.stringify([theirs.method, theirs.url, theirs.headers])}`);
      }
    };
    for (let i = 0; i < cases.length; i += 50) await Promise.all(cases.slice(i, i + 50).map(check));
    expect(mismatches).toEqual([]);
    // Both kinds were exercised.
    expect(served).toBeGreaterThan(300);
    expect(left).toBeGreaterThan(300);
  });
});

describe("answers at once what it does not serve", () => {
  const raw = (bytes: string | Buffer, waitMs = 3000) => exchange(ctx.aws.port, typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes, waitMs);

  it("a TLS ClientHello, a bare-LF request and a lower-case method get Node's 400 immediately", async () => {
    for (const bytes of [Buffer.from("16030100a5010000a10303" + "00".repeat(40), "hex"), "GET / HTTP/1.1\nHost: localhost\n\n", "get / HTTP/1.1\r\n", "GET /a\x80 HTTP/1.1\r\nHost: localhost\r\n\r\n"]) {
      const res = await raw(bytes);
      expect(res.text).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      expect(res.closed).toBe(true);
      expect(res.ms).toBeLessThan(1000);
    }
  });

  it("a Content-Length with tabs is refused as Node refuses it, whatever the body's size", async () => {
    for (const n of [2, 2 * 1024 * 1024]) {
      const res = await raw(`POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length:\t${n}\t\r\n\r\nab`);
      expect(res.text).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    }
  });

  it("a head over 16 KiB gets Node's 431 without a body (a HEAD request's client can read it)", async () => {
    const res = await raw(`HEAD /${"x".repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(res.text).toBe("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n");
  });

  it("a request cut short by the client gets Node's 400", async () => {
    const socket = connect(ctx.aws.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    await new Promise((r) => socket.once("connect", r));
    socket.end("GET / HTTP/1.1\r\nHost: localhost\r\n");
    await new Promise((r) => socket.once("close", r));
    expect(Buffer.concat(chunks).toString()).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
});

describe("errors fastify would have given are AWS errors", () => {
  const raw = (text: string) => exchange(ctx.aws.port, Buffer.from(text, "latin1"), 3000);

  it("a bad percent-escape reaches the service (S3 answers NoSuchBucket, not FST_ERR_BAD_URL)", async () => {
    const res = await raw("GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(res.text).toMatch(/^HTTP\/1.1 404 /);
    expect(res.text).toContain("<Code>NoSuchBucket</Code>");
    expect(res.text).not.toContain("FST_ERR");
  });

  it("Content-Type: /// reaches the service (Lambda answers in its own shape, not fastify's 415)", async () => {
    const res = await raw("POST /2015-03-31/functions HTTP/1.1\r\nHost: localhost\r\nContent-Type: ///\r\nContent-Length: 2\r\n\r\n{}");
    expect(res.text).toMatch(/^HTTP\/1.1 400 /);
    expect(res.text.toLowerCase()).toContain("x-amzn-errortype:");
    expect(res.text).not.toContain("FST_ERR");
  });

  it("a method Node parses but no AWS API uses gets AWS's 405 MethodNotAllowed", async () => {
    const res = await raw("PROPFIND /bucket HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(res.text).toMatch(/^HTTP\/1.1 405 /);
    expect(res.text).toContain("<Code>MethodNotAllowed</Code>");
    const json = await raw("PURGE /2015-03-31/functions HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(json.text).toMatch(/^HTTP\/1.1 405 /);
    expect(json.text.toLowerCase()).toContain("x-amzn-errortype: methodnotallowed");
  });
});

describe("headers timeout", () => {
  it("a slowloris connection is handed to Node, whose headers timeout closes it (408)", { timeout: 20_000 }, async () => {
    // A server built as server.ts builds it, with Node's headers timeout made short for the test.
    const server = createHttpServer({ headersTimeout: 1500, requestTimeout: 2000, connectionsCheckingInterval: 200 }, (_req, res) => res.end("ok"));
    const nodeListeners = server.listeners("connection") as ((socket: Socket) => void)[];
    server.removeAllListeners("connection");
    const fast = new FastHttp({
      serve: () => ({ status: 200, headers: {}, body: "fast" }),
      fallback: (socket) => {
        for (const listener of nodeListeners) listener.call(server, socket);
      },
      onSendError: () => undefined,
      keepAliveMs: 60_000,
      maxBody: 1024,
    });
    server.on("connection", (socket: Socket) => fast.adopt(socket));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("error", () => undefined);
      await new Promise((r) => socket.once("connect", r));
      const started = performance.now();
      socket.write("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ");
      const drip = setInterval(() => socket.write("a"), 200);
      await new Promise((r) => socket.once("close", r));
      clearInterval(drip);
      const ms = performance.now() - started;
      expect(Buffer.concat(chunks).toString()).toContain("408");
      expect(ms).toBeLessThan(10_000);
    } finally {
      fast.destroyAll();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
