import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { testCredentials, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const run = promisify(execFile);

async function aws(...args: string[]): Promise<unknown> {
  const { stdout } = await run("/usr/bin/aws", ["dynamodb", ...args, "--endpoint-url", ctx.endpoint, "--region", "us-east-1", "--output", "json"], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey, AWS_PAGER: "" },
  });
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}

describe("behaviour", () => {
  it("creates a table, puts items, queries and scans with the AWS CLI", async () => {
    const name = uniqueName("cli");
    const created = (await aws(
      "create-table",
      "--table-name", name,
      "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
      "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
      "--billing-mode", "PAY_PER_REQUEST",
    )) as { TableDescription: { TableStatus: string } };
    expect(created.TableDescription.TableStatus).toBe("CREATING");
    await aws("put-item", "--table-name", name, "--item", JSON.stringify({ pk: { S: "a" }, sk: { N: "3" } }));
    const puts = [1, 2].map((n) => ({ PutRequest: { Item: { pk: { S: "a" }, sk: { N: String(n) } } } }));
    await aws("batch-write-item", "--request-items", JSON.stringify({ [name]: puts }));
    const q = (await aws("query", "--table-name", name, "--key-condition-expression", "pk = :p AND sk >= :s", "--expression-attribute-values", JSON.stringify({ ":p": { S: "a" }, ":s": { N: "2" } }))) as {
      Items: { sk: { N: string } }[];
      Count: number;
    };
    expect(q.Items.map((i) => i.sk.N)).toEqual(["2", "3"]);
    const s = (await aws("scan", "--table-name", name)) as { Count: number; ScannedCount: number };
    expect(s).toMatchObject({ Count: 3, ScannedCount: 3 });
  }, 60_000);
});
