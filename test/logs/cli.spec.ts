import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { testCredentials, uniqueName, useServer } from "../helpers/index.js";

const run = promisify(execFile);

/** The AWS CLI against the server, as a user at a shell would call it. */
describe("AWS CLI", () => {
  const ctx = useServer();

  async function aws(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
    };
    try {
      const { stdout, stderr } = await run("/usr/bin/aws", ["--endpoint-url", ctx.endpoint, "--output", "json", "logs", ...args], { env });
      return { stdout, stderr, code: 0 };
    } catch (err) {
      const e = err as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  }

  describe("behaviour", () => {
    it("creates a group and stream, puts events and reads them back filtered", async () => {
      const group = uniqueName("cli");
      expect((await aws("create-log-group", "--log-group-name", group)).code).toBe(0);
      expect((await aws("create-log-stream", "--log-group-name", group, "--log-stream-name", "s")).code).toBe(0);
      const t = ctx.clock.now().getTime();
      const events = JSON.stringify([
        { timestamp: t, message: "INFO started" },
        { timestamp: t + 1, message: "ERROR failed" },
      ]);
      const put = await aws("put-log-events", "--log-group-name", group, "--log-stream-name", "s", "--log-events", events);
      expect(put.code).toBe(0);
      const filtered = await aws("filter-log-events", "--log-group-name", group, "--filter-pattern", "ERROR");
      expect(filtered.code).toBe(0);
      const parsed = JSON.parse(filtered.stdout) as { events: { message: string; logStreamName: string }[] };
      expect(parsed.events.map((e) => [e.logStreamName, e.message])).toEqual([["s", "ERROR failed"]]);
    });
  });

  describe("errors", () => {
    it("prints AWS's error for a missing group", async () => {
      const out = await aws("describe-log-streams", "--log-group-name", uniqueName("nope"));
      expect(out.code).not.toBe(0);
      expect(out.stderr).toContain(
        "An error occurred (ResourceNotFoundException) when calling the DescribeLogStreams operation: The specified log group does not exist.",
      );
    });
  });
});
