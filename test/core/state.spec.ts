import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws } from "../../src/index.js";
import { fakeManifest } from "../helpers/fake-services.js";
import { adminCall, testCredentials, useServer } from "../helpers/index.js";

const ctx = useServer({ services: [fakeManifest] });

async function ids(ddb: DynamoDBClient, table: string, candidates: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of candidates) {
    const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
    if (Item) found.push(id);
  }
  return found;
}

describe("snapshot and restore", () => {
  it("brings every service's state back to the snapshot", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await ddb.send(new PutItemCommand({ TableName: "snap", Item: { id: { S: "before" } } }));
    const { status, json } = await adminCall(ctx.endpoint, "POST", "/_local/snapshot");
    expect(status).toBe(200);
    expect(typeof json.id).toBe("string");
    await ddb.send(new PutItemCommand({ TableName: "snap", Item: { id: { S: "after" } } }));
    expect(await ids(ddb, "snap", ["before", "after"])).toEqual(["before", "after"]);
    const restored = await adminCall(ctx.endpoint, "POST", "/_local/restore", { id: json.id });
    expect(restored.status).toBe(200);
    expect(await ids(ddb, "snap", ["before", "after"])).toEqual(["before"]);
    // A snapshot can be restored more than once.
    await ddb.send(new PutItemCommand({ TableName: "snap", Item: { id: { S: "again" } } }));
    await ctx.aws.restore(json.id as string);
    expect(await ids(ddb, "snap", ["before", "again"])).toEqual(["before"]);
  });

  it("restores a small state in well under 50 ms", async () => {
    const ddb = ctx.client(DynamoDBClient);
    for (let i = 0; i < 100; i++) await ddb.send(new PutItemCommand({ TableName: "timing", Item: { id: { S: `i${i}` }, pad: { S: "x".repeat(200) } } }));
    const id = await ctx.aws.snapshot();
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await ctx.aws.restore(id);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    expect(timings[2]).toBeLessThan(50);
    expect(await ids(ddb, "timing", ["i0", "i99"])).toEqual(["i0", "i99"]);
  });

  it("keeps serving a service first used after the snapshot it restores (its tables are re-created)", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, services: [fakeManifest], logLevel: "silent" });
    try {
      const snap = await aws.snapshot();
      const ddb = new DynamoDBClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials });
      await ddb.send(new PutItemCommand({ TableName: "late", Item: { id: { S: "first" } } }));
      await aws.restore(snap);
      expect(await ids(ddb, "late", ["first"])).toEqual([]);
      await ddb.send(new PutItemCommand({ TableName: "late", Item: { id: { S: "second" } } }));
      expect(await ids(ddb, "late", ["second"])).toEqual(["second"]);
    } finally {
      await aws.stop();
    }
  });

  it("answers an unknown snapshot id with 400", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "POST", "/_local/restore", { id: "snap-nope" });
    expect(status).toBe(400);
    expect(json.error).toBe("LA_ERR_NO_SNAPSHOT");
  });

  it("empties everything on reset", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await ddb.send(new PutItemCommand({ TableName: "reset", Item: { id: { S: "gone" } } }));
    const { status } = await adminCall(ctx.endpoint, "POST", "/_local/reset");
    expect(status).toBe(200);
    expect(await ids(ddb, "reset", ["gone"])).toEqual([]);
  });

  it("restores a data-directory store and keeps it across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "local-aws-restore-"));
    try {
      const first = await startLocalAws({ port: 0, dataDir, services: [fakeManifest], logLevel: "silent" });
      const ddb = new DynamoDBClient({ endpoint: first.endpoint, region: "us-east-1", credentials: testCredentials });
      await ddb.send(new PutItemCommand({ TableName: "disk", Item: { id: { S: "kept" } } }));
      const snap = await first.snapshot();
      await ddb.send(new PutItemCommand({ TableName: "disk", Item: { id: { S: "dropped" } } }));
      await first.restore(snap);
      await ddb.send(new PutItemCommand({ TableName: "disk", Item: { id: { S: "later" } } }));
      await first.stop();
      const second = await startLocalAws({ port: 0, dataDir, services: [fakeManifest], logLevel: "silent" });
      const ddb2 = new DynamoDBClient({ endpoint: second.endpoint, region: "us-east-1", credentials: testCredentials });
      expect(await ids(ddb2, "disk", ["kept", "dropped", "later"])).toEqual(["kept", "later"]);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("admin", () => {
  it("reports health with one key per implemented endpoint", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "GET", "/_local/health");
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "running", services: { dynamodb: "available", sns: "available", lambda: "available", s3: "available" } });
    expect(typeof json.version).toBe("string");
  });

  it("settles when nothing is pending", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "POST", "/_local/settle");
    expect(status).toBe(200);
    expect(json).toEqual({ settled: true });
  });

  it("answers an unknown admin path with a JSON 404 rather than routing it to a service", async () => {
    const res = await fetch(`${ctx.endpoint}/_local/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe("LA_ERR_NOT_FOUND");
  });
});
