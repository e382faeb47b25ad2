import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { testCredentials, useServer } from "../helpers/index.js";

const ctx = useServer();
const SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0";

async function h2Call(session: ClientHttp2Session, target: string, body: unknown): Promise<{ headers: IncomingHttpHeaders; body: string }> {
  const text = JSON.stringify(body);
  const req = session.request({
    ":method": "POST",
    ":path": "/",
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `DynamoDB_20120810.${target}`,
    authorization: SIGNED,
    "content-length": String(Buffer.byteLength(text)),
  });
  req.end(text);
  const headers = await new Promise<IncomingHttpHeaders>((resolve) => req.once("response", resolve));
  let out = "";
  req.setEncoding("utf8");
  for await (const chunk of req) out += chunk as string;
  return { headers, body: out };
}

describe("HTTP/2 with prior knowledge on the HTTP/1.1 port", () => {
  it("serves DynamoDB to Node's http2.connect, several streams on one connection", async () => {
    const session = connect(ctx.endpoint);
    try {
      const created = await h2Call(session, "CreateTable", {
        TableName: "h2-raw",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      });
      expect(created.headers[":status"]).toBe(200);
      expect(created.headers["content-type"]).toBe("application/x-amz-json-1.0");
      expect(created.headers["x-amzn-requestid"]).toMatch(/\S/);
      const puts = await Promise.all(["a", "b", "c"].map((id) => h2Call(session, "PutItem", { TableName: "h2-raw", Item: { id: { S: id }, n: { N: "1" } } })));
      expect(puts.map((p) => [p.headers[":status"], p.body])).toEqual([[200, "{}"], [200, "{}"], [200, "{}"]]);
      const got = await h2Call(session, "GetItem", { TableName: "h2-raw", Key: { id: { S: "b" } } });
      expect(JSON.parse(got.body)).toEqual({ Item: { id: { S: "b" }, n: { N: "1" } } });
      const missing = await h2Call(session, "DescribeTable", { TableName: "nope" });
      expect(missing.headers[":status"]).toBe(400);
      expect(JSON.parse(missing.body)).toMatchObject({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" });
    } finally {
      session.close();
    }
  });

  it("serves the SDK's HTTP/2 request handler (as the Kinesis client uses for an http:// endpoint)", async () => {
    const handler = new NodeHttp2Handler();
    const ddb = new DynamoDBClient({ endpoint: ctx.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1, requestHandler: handler });
    await ddb.send(new CreateTableCommand({ TableName: "h2-sdk", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }));
    await ddb.send(new PutItemCommand({ TableName: "h2-sdk", Item: { id: { S: "x" } } }));
    expect((await ddb.send(new GetItemCommand({ TableName: "h2-sdk", Key: { id: { S: "x" } } }))).Item).toEqual({ id: { S: "x" } });
    ddb.destroy();
  });

  it("forgets a stream the client resets before its body ended, and serves the next one on the same connection", async () => {
    const session = connect(ctx.endpoint);
    try {
      const cut = session.request({
        ":method": "POST",
        ":path": "/",
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
        authorization: SIGNED,
        "content-length": "100",
      });
      cut.on("error", () => undefined);
      cut.write('{"Limit":');
      await new Promise((resolve) => setTimeout(resolve, 20));
      cut.close(constants.NGHTTP2_CANCEL);
      await new Promise((resolve) => cut.once("close", resolve));
      const next = await h2Call(session, "ListTables", {});
      expect(next.headers[":status"]).toBe(200);
      expect(JSON.parse(next.body)).toHaveProperty("TableNames");
    } finally {
      session.close();
    }
  });

  it("answers a request whose body the service never reads (GET with a body) and a HEAD without one", async () => {
    const session = connect(ctx.endpoint);
    try {
      const get = session.request({ ":method": "POST", ":path": "/_local/health", "content-length": "5" });
      get.end("hello");
      const status = await new Promise<number>((resolve) => get.once("response", (h) => resolve(Number(h[":status"]))));
      let text = "";
      for await (const chunk of get) text += String(chunk);
      expect(status).toBeLessThan(500);
      const head = session.request({ ":method": "HEAD", ":path": "/_local/health" });
      head.end();
      const headers = await new Promise<IncomingHttpHeaders>((resolve) => head.once("response", resolve));
      let bytes = 0;
      for await (const chunk of head) bytes += (chunk as Buffer).length;
      expect([Number(headers[":status"]) < 500, bytes, text.length > 0]).toEqual([true, 0, true]);
    } finally {
      session.close();
    }
  });

  it("drops a connection that sends the preface and then garbage, and keeps serving", async () => {
    const socket = new Socket();
    const port = Number(new URL(ctx.endpoint).port);
    await new Promise<void>((resolve) => socket.connect(port, "127.0.0.1", resolve));
    socket.write(Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.alloc(64, 0xff)]));
    await new Promise<void>((resolve) => socket.once("close", () => resolve()).resume());
    const res = await fetch(`${ctx.endpoint}/_local/health`);
    expect(res.status).toBe(200);
  });
});
