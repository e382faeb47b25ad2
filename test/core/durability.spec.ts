import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChild } from "../helpers/child.js";
import { testCredentials } from "../helpers/index.js";

const dir = mkdtempSync(join(tmpdir(), "local-aws-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(dataDir: string) {
  return startChild(process.execPath, ["--import", "tsx", "test/helpers/fake-server-main.ts", dataDir]);
}

function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
}

describe("durability", () => {
  it("keeps every acknowledged write across kill -9 and a restart", async () => {
    const dataDir = join(dir, "kill9");
    const first = start(dataDir);
    const endpoint = JSON.parse((await first.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
    const ddb = client(endpoint);
    const writes = Array.from({ length: 300 }, (_, i) => `item-${i}`);
    for (const id of writes) await ddb.send(new PutItemCommand({ TableName: "durable", Item: { id: { S: id }, v: { N: "1" } } }));
    first.proc.kill("SIGKILL");
    expect((await first.exit()).signal).toBe("SIGKILL");
    ddb.destroy();

    const second = start(dataDir);
    const endpoint2 = JSON.parse((await second.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
    const ddb2 = client(endpoint2);
    for (const id of writes) {
      const { Item } = await ddb2.send(new GetItemCommand({ TableName: "durable", Key: { id: { S: id } } }));
      expect(Item?.id?.S).toBe(id);
    }
    second.proc.kill("SIGTERM");
    expect((await second.exit()).code).toBe(0);
    ddb2.destroy();
  });

  it("shuts down on SIGTERM with exit code 0, keeping state", async () => {
    const dataDir = join(dir, "sigterm");
    const first = start(dataDir);
    const endpoint = JSON.parse((await first.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
    const ddb = client(endpoint);
    await ddb.send(new PutItemCommand({ TableName: "graceful", Item: { id: { S: "one" } } }));
    first.proc.kill("SIGTERM");
    expect(await first.exit()).toEqual({ code: 0, signal: null });
    ddb.destroy();

    const second = start(dataDir);
    const endpoint2 = JSON.parse((await second.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
    const ddb2 = client(endpoint2);
    expect((await ddb2.send(new GetItemCommand({ TableName: "graceful", Key: { id: { S: "one" } } }))).Item).toEqual({ id: { S: "one" } });
    second.proc.kill("SIGINT");
    expect((await second.exit()).code).toBe(0);
    ddb2.destroy();
  });
});
