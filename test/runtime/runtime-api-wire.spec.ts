/**
 * The Runtime API on the wire, as a runtime client of one's own sees it (a provided.al2023
 * `bootstrap` in Python talking raw HTTP/1.1 over sockets): keep-alive, a result and the next
 * `/next` pipelined in one write, a request that arrives in pieces, `Connection: close` and a
 * client that ends its side, the refusals (another Origin or Host: 403; an unknown request id:
 * 400 InvalidRequestID), and the client context header.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, unixZip } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const BOOTSTRAP = String.raw`#!/usr/bin/env python3
import json, os, socket, time
host, _, port = os.environ["AWS_LAMBDA_RUNTIME_API"].partition(":")
BASE = "/2018-06-01/runtime"

def connect():
    s = socket.create_connection((host, int(port)))
    return [s, b""]

def request(method, path, body=b"", extra=""):
    return ("%s %s%s HTTP/1.1\r\nHost: %s:%s\r\n%sContent-Length: %d\r\n\r\n" % (method, BASE, path, host, port, extra, len(body))).encode() + body

def read(conn):
    while b"\r\n\r\n" not in conn[1]:
        data = conn[0].recv(65536)
        if not data:
            raise SystemExit("closed")
        conn[1] += data
    head, _, rest = conn[1].partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        rest += conn[0].recv(65536)
    conn[1] = rest[n:]
    return int(lines[0].split(" ")[1]), headers, rest[:n].decode("utf-8")

seen = {}
class Bytes(json.JSONEncoder):
    def default(self, o):
        return o.decode() if isinstance(o, bytes) else super().default(o)

# Refused: a browser's request (an Origin), another Host name.
c = connect(); c[0].sendall(request("GET", "/invocation/next", extra="Origin: http://evil.example\r\n")); seen["origin"] = read(c)[0]; c[0].close()
c = connect(); c[0].sendall(request("GET", "/invocation/next").replace(("Host: %s:%s" % (host, port)).encode(), b"Host: evil.example")); seen["host"] = read(c)[0]; c[0].close()

# Connection: close: the answer says so, and the connection ends after it.
c = connect()
c[0].sendall(request("GET", "/invocation/next", extra="Connection: close\r\n"))
status, headers, event = read(c)
seen["closed"] = [headers.get("connection"), c[0].recv(100)]
c[0].close()
rid = headers["lambda-runtime-aws-request-id"]
seen["event"] = json.loads(event)
seen["clientContext"] = json.loads(headers.get("lambda-runtime-client-context", "null"))
# A client that ends its side after its request is answered, then the connection ends.
c = connect()
c[0].sendall(request("POST", "/invocation/not-" + rid + "/response", b'"wrong"'))
c[0].shutdown(socket.SHUT_WR)
status, _, body = read(c)
seen["wrongId"] = [status, json.loads(body), c[0].recv(100)]
c[0].close()
conn = connect()
# The answer in pieces: the head in two writes, then the body.
answer = json.dumps(seen, cls=Bytes).encode()
raw = request("POST", "/invocation/%s/response" % rid, answer)
head_end = raw.index(b"\r\n\r\n") + 4
conn[0].sendall(raw[:10]); time.sleep(0.05); conn[0].sendall(raw[10:head_end]); time.sleep(0.05)
# The body's end and the next /next in one write.
conn[0].sendall(raw[head_end:] + request("GET", "/invocation/next"))
accepted = read(conn)
status, headers, event = read(conn)
rid = headers["lambda-runtime-aws-request-id"]
conn[0].sendall(request("POST", "/invocation/%s/response" % rid, json.dumps({"accepted": [accepted[0], json.loads(accepted[2])], "event": json.loads(event)}).encode()) + request("GET", "/invocation/next"))
read(conn)
read(conn)
`;

describe("the Runtime API on the wire", () => {
  it("serves a raw HTTP/1.1 client: refusals, a wrong request id, pieces, pipelining, the client context", async () => {
    const name = uniqueName("wire");
    await lambda().send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: "provided.al2023", Role: ROLE, Handler: "x", Code: { ZipFile: unixZip({ bootstrap: [BOOTSTRAP, 0o755] }) } }),
    );
    const clientContext = { custom: { city: "Zürich €" }, env: {}, client: {} };
    const first = await lambda().send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"n":1}'), ClientContext: Buffer.from(JSON.stringify(clientContext)).toString("base64") }),
    );
    expect(first.FunctionError).toBeUndefined();
    expect(decode(first.Payload)).toEqual({
      origin: 403,
      host: 403,
      event: { n: 1 },
      clientContext,
      closed: ["close", ""],
      wrongId: [400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" }, ""],
    });
    const second = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"n":2}') }));
    expect(decode(second.Payload)).toEqual({ accepted: [202, { status: "OK" }], event: { n: 2 } });
  });
});
