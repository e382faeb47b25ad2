import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fakeManifest } from "../helpers/fake-services.js";
import { useServer } from "../helpers/index.js";

const run = promisify(execFile);
const ctx = useServer({ services: [fakeManifest] });

/** The AWS CLI v2 from Debian (/usr/bin/aws; .ci/run installs it). */
async function aws(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run("/usr/bin/aws", [...args, "--endpoint-url", ctx.endpoint, "--region", "us-east-1", "--output", "json"], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_PAGER: "" },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe("the AWS CLI against each protocol codec", () => {
  it("speaks awsJson (dynamodb)", async () => {
    await aws("dynamodb", "put-item", "--table-name", "cli", "--item", '{"id":{"S":"x"}}');
    const got = await aws("dynamodb", "get-item", "--table-name", "cli", "--key", '{"id":{"S":"x"}}');
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ Item: { id: { S: "x" } } });
  });

  it("speaks awsQuery (sns)", async () => {
    const created = await aws("sns", "create-topic", "--name", "cli-topic");
    expect(JSON.parse(created.stdout)).toEqual({ TopicArn: "arn:aws:sns:us-east-1:000000000000:cli-topic" });
  });

  it("speaks restJson (lambda) and reports errors by code", async () => {
    const fn = await aws("lambda", "get-function", "--function-name", "f1");
    expect(JSON.parse(fn.stdout)).toEqual({ Configuration: { FunctionName: "f1", Version: "$LATEST" } });
    const missing = await aws("lambda", "get-function", "--function-name", "nope");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("(ResourceNotFoundException)");
  });

  it("speaks restXml (s3api)", async () => {
    await aws("s3api", "create-bucket", "--bucket", "cli-bucket");
    const listed = await aws("s3api", "list-buckets");
    expect((JSON.parse(listed.stdout) as { Buckets: { Name: string }[] }).Buckets.map((b) => b.Name)).toContain("cli-bucket");
  });
});
