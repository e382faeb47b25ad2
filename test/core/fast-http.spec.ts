import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { FastHttp } from "../../src/core/fast-http.js";
import { parseHead, FALLBACK, INCOMPLETE } from "../../src/core/fast-http-head.js";
import { useServer } from "../helpers/index.js";

// Plain requests are answered straight from the socket (src/core/fast-http.ts); the first request
// that is not plain hands the connection to Node's HTTP server. These talk raw HTTP/1.1 to check
// both paths on one connection, pipelining, split packets and the response framing.
const ctx = useServer();

const AUTH = "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0";
const describeLimits = (extra = "", body = "{}") =>
  `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.DescribeLimits\r\nAuthorization: ${AUTH}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunkedDescribeLimits = () =>
  `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.DescribeLimits\r\nAuthorization: ${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`;

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads `count` HTTP responses (Content-Length or chunked framing) from a socket. */
function readResponses(socket: Socket, count: number, head = false): Promise<Parsed[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: Parsed[] = [];
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buf.toString("latin1", 0, end).split("\r\n");
        const status = Number(lines[0]!.split(" ")[1]);
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
        let body: string;
        let used: number;
        if (headers["transfer-encoding"] === "chunked") {
          const term = buf.indexOf("0\r\n\r\n", end + 4);
          if (term < 0) return;
          body = buf.toString("utf8", end + 4, term);
          used = term + 5;
        } else {
          const len = head ? 0 : Number(headers["content-length"] ?? 0);
          if (buf.length < end + 4 + len) return;
          body = buf.toString("utf8", end + 4, end + 4 + len);
          used = end + 4 + len;
        }
        out.push({ status, headers, body });
        buf = buf.subarray(used);
        if (out.length === count) {
          socket.off("data", onData);
          resolve(out);
          return;
        }
      }
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

async function open(): Promise<Socket> {
  const url = new URL(ctx.endpoint);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once("connect", resolve));
  return socket;
}

describe("behaviour", () => {
  it("answers pipelined plain requests in order, with Node's framing headers", async () => {
    const socket = await open();
    const answers = readResponses(socket, 3);
    socket.write(describeLimits() + describeLimits() + describeLimits());
    const got = await answers;
    for (const r of got) {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ AccountMaxReadCapacityUnits: expect.any(Number) });
      expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.body)));
      expect(r.headers.connection).toBe("keep-alive");
      expect(r.headers.date).toMatch(/GMT$/);
      expect(r.headers["x-amzn-requestid"]).toBeTruthy();
    }
    expect(new Set(got.map((r) => r.headers["x-amzn-requestid"])).size).toBe(3);
    socket.destroy();
  });

  it("reads a request split across many packets", async () => {
    const socket = await open();
    const answers = readResponses(socket, 1);
    const text = describeLimits();
    for (let i = 0; i < text.length; i += 7) {
      socket.write(text.slice(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    const [r] = await answers;
    expect(r!.status).toBe(200);
    socket.destroy();
  });

  it("hands the connection to Node's server at the first chunked request, with the bytes already read", async () => {
    const socket = await open();
    const answers = readResponses(socket, 3);
    // plain, then chunked (not plain) pipelined behind it, then plain again on Node's server
    socket.write(describeLimits() + chunkedDescribeLimits() + describeLimits());
    const got = await answers;
    expect(got.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of got) expect(JSON.parse(r.body)).toMatchObject({ AccountMaxReadCapacityUnits: expect.any(Number) });
    socket.destroy();
  });

  it("leaves Expect: 100-continue to Node's server", async () => {
    const socket = await open();
    const answers = readResponses(socket, 2);
    socket.write(describeLimits("Expect: 100-continue\r\n", "").replace("Content-Length: 0", "Content-Length: 2"));
    const [cont] = await new Promise<Parsed[]>((resolve) => {
      socket.once("data", (d: Buffer) => resolve([{ status: Number(d.toString().split(" ")[1]), headers: {}, body: "" }]));
    });
    expect(cont!.status).toBe(100);
    socket.write("{}");
    const got = await answers;
    expect(got.at(-1)!.status).toBe(200);
    socket.destroy();
  });

  it("closes the connection after a response when the client asks to", async () => {
    const socket = await open();
    const answers = readResponses(socket, 1);
    const closed = new Promise((resolve) => socket.once("end", resolve));
    socket.write(describeLimits("Connection: close\r\n"));
    const [r] = await answers;
    expect(r!.status).toBe(200);
    expect(r!.headers.connection).toBe("close");
    await closed;
    socket.destroy();
  });

  it("streams a body and sends the head only for HEAD, with the length a GET has", async () => {
    const socket = await open();
    const send = async (text: string, head = false) => {
      const r = readResponses(socket, 1, head);
      socket.write(text);
      return (await r)[0]!;
    };
    expect((await send("PUT /fast-http-bucket HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")).status).toBe(200);
    expect((await send("PUT /fast-http-bucket/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")).status).toBe(200);
    const head = await send("HEAD /fast-http-bucket/k HTTP/1.1\r\nHost: localhost\r\n\r\n", true);
    const get = await send("GET /fast-http-bucket/k HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("5");
    expect(get.status).toBe(200);
    expect(get.body).toBe("hello");
    socket.destroy();
  });

  it("keeps Node's answer to a malformed request (400) without harming the server", async () => {
    const socket = await open();
    const answers = readResponses(socket, 1);
    socket.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n");
    const [r] = await answers;
    expect(r!.status).toBe(400);
    socket.destroy();
    const again = await open();
    const ok = readResponses(again, 1);
    again.write(describeLimits());
    expect((await ok)[0]!.status).toBe(200);
    again.destroy();
  });
});

describe("keep-alive timeout", () => {
  it("closes an idle connection after it, but not one whose request takes longer than it", async () => {
    const keepAliveMs = 150;
    const fast = new FastHttp({
      serve: async () => {
        await new Promise((r) => setTimeout(r, keepAliveMs * 3));
        return { status: 200, headers: { "content-type": "text/plain" }, body: "slow" };
      },
      fallback: (socket) => socket.destroy(),
      onSendError: () => undefined,
      keepAliveMs,
      maxBody: 1024,
    });
    const server = createServer((socket) => fast.adopt(socket));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      const closed = new Promise<number>((r) => socket.once("close", () => r(performance.now())));
      const answered = readResponses(socket, 2);
      const request = "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.write(request);
      // A second request on the same connection after the first answer: the connection survived it.
      const [first] = await readResponses(socket, 1);
      expect(first).toMatchObject({ status: 200, body: "slow" });
      socket.write(request);
      const both = await answered;
      expect(both.map((r) => r.body)).toEqual(["slow", "slow"]);
      const idleFrom = performance.now();
      const closedAt = await closed;
      expect(closedAt - idleFrom).toBeGreaterThanOrEqual(keepAliveMs * 0.5);
      expect(closedAt - idleFrom).toBeLessThan(keepAliveMs * 10);
    } finally {
      fast.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("parseHead", () => {
  const parse = (text: string) => parseHead(Buffer.from(text, "latin1"), 1024);
  it("takes a plain request and lower-cases header names", () => {
    const head = parse("PUT /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Amz-Meta-A:  v \r\nContent-Length: 3\r\n\r\nabc");
    expect(head).toMatchObject({ method: "PUT", url: "/a/b?x=1", headers: { host: "h", "x-amz-meta-a": "v", "content-length": "3" }, bodyLength: 3, close: false });
  });
  it("waits for the rest of a head", () => {
    expect(parse("GET / HTTP/1.1\r\nHost: h\r\n")).toBe(INCOMPLETE);
  });
  it.each([
    ["HTTP/1.0", "GET / HTTP/1.0\r\nHost: h\r\n\r\n"],
    ["absolute-form", "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n"],
    ["a raw byte over 0x7E in the target", "GET /a\xe9 HTTP/1.1\r\nHost: h\r\n\r\n"],
    ["a __proto__ header (Node drops it)", "GET / HTTP/1.1\r\nHost: h\r\n__proto__: y\r\n\r\n"],
    ["no Host", "GET / HTTP/1.1\r\n\r\n"],
    ["duplicate header", "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\na: 2\r\n\r\n"],
    ["obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n 2\r\n\r\n"],
    ["chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"],
    ["Expect", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"],
    ["bad length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n"],
    ["large body", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2048\r\n\r\n"],
    ["upgrade", "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"],
    ["unknown method", "BREW / HTTP/1.1\r\nHost: h\r\n\r\n"],
    ["control character in a value", "GET / HTTP/1.1\r\nHost: h\r\nA: x\x01y\r\n\r\n"],
  ])("leaves %s to Node", (_name, text) => {
    expect(parse(text)).toBe(FALLBACK);
  });
  it("keeps prototype names as plain header names, in an object without Object.prototype (as Node's)", () => {
    const head = parse("GET / HTTP/1.1\r\nHost: h\r\nconstructor: x\r\nprototype: y\r\n\r\n");
    if (typeof head === "number") throw new Error("not parsed");
    expect(Object.keys(head.headers)).toEqual(["host", "constructor", "prototype"]);
    expect(head.headers.constructor).toBe("x");
    expect(head.headers.toString).toBeUndefined();
  });
  it("serves percent-encoded targets as they are (the codecs decode them, on either path)", () => {
    expect(parse("GET /a%20b%zz HTTP/1.1\r\nHost: h\r\n\r\n")).toMatchObject({ url: "/a%20b%zz" });
  });
});
