/**
 * provided.al2023 / provided.al2: the zip's `bootstrap` runs as a process and speaks AWS's Lambda
 * Runtime API (here AWS's own shell-script tutorial runtime, with curl).
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, GetLogEventsCommand, DescribeLogStreamsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, SHELL_BOOTSTRAP, unixZip, zipBytes } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const dir = mkdtempSync(join(tmpdir(), "la-provided-"));

async function shellFunction(script: string, extra: Record<string, unknown> = {}, bootstrap: string | [string, number] = [SHELL_BOOTSTRAP, 0o755]): Promise<string> {
  const name = uniqueName("sh");
  await lambda().send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "provided.al2023",
      Role: ROLE,
      Handler: "function.handler",
      Code: { ZipFile: unixZip({ bootstrap, "function.sh": script }) },
      ...extra,
    }),
  );
  return name;
}

// The handler sees the invocation's headers (the tutorial bootstrap keeps them in $HEADERS).
const header = (name: string) => `$(grep -Fi ${name} "$HEADERS" | cut -d' ' -f2 | tr -d '[:space:]')`;
const ECHO = `handler () {
  echo "handling $1" 1>&2
  printf '{"event":%s,"requestId":"%s","arn":"%s","deadline":"%s","trace":"%s","api":"%s","handler":"%s","root":"%s","fn":"%s","mem":"%s"}' "$1" "${header("Lambda-Runtime-Aws-Request-Id")}" "${header("Lambda-Runtime-Invoked-Function-Arn")}" "${header("Lambda-Runtime-Deadline-Ms")}" "${header("Lambda-Runtime-Trace-Id")}" "$AWS_LAMBDA_RUNTIME_API" "$_HANDLER" "$LAMBDA_TASK_ROOT" "$AWS_LAMBDA_FUNCTION_NAME" "$AWS_LAMBDA_FUNCTION_MEMORY_SIZE"
}`;

describe("behaviour", () => {
  it("runs a shell bootstrap through the Runtime API: event, request id, ARN, deadline and trace headers, AWS's variables", async () => {
    const name = await shellFunction(ECHO, { Timeout: 7, MemorySize: 256 });
    const before = Date.now();
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "$LATEST", Payload: Buffer.from('{"a":1}') }));
    expect(res.FunctionError).toBeUndefined();
    const body = decode(res.Payload) as Record<string, string>;
    expect(body).toMatchObject({
      event: { a: 1 },
      requestId: res.$metadata.requestId,
      arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`,
      handler: "function.handler",
      fn: name,
      mem: "256",
    });
    expect(body.api).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(body.trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(Number(body.deadline)).toBeGreaterThan(before + 6000);
    expect(Number(body.deadline)).toBeLessThan(Date.now() + 7000);
    expect(existsSync(join(body.root!, "function.sh"))).toBe(true);
    // Warm: the same process answers the next one.
    const again = decode((await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"b":2}') }))).Payload) as Record<string, string>;
    expect(again).toMatchObject({ event: { b: 2 }, api: body.api });
  });

  it("writes the process's output and AWS's platform lines to the function's log stream", async () => {
    const name = await shellFunction(ECHO);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('"x"'), LogType: "Tail" }));
    const tail = Buffer.from(res.LogResult ?? "", "base64").toString();
    expect(tail).toContain(`START RequestId: ${res.$metadata.requestId} Version: $LATEST`);
    expect(tail).toContain('handling "x"');
    expect(tail).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/);
    await ctx.aws.settle();
    const logs = ctx.client(CloudWatchLogsClient);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${name}` }));
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, logStreamName: streams.logStreams![0]!.logStreamName! }));
    expect(events.events!.map((e) => e.message)).toContain('handling "x"\n');
  });

  it("a posted error is the invocation's error, its JSON returned as the runtime sent it", async () => {
    const name = await shellFunction(`handler () { echo "bad input"; return 1; }`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorMessage: "bad input", errorType: "ShellError" });
  });

  it("times out a handler that never answers, and kills what it started", async () => {
    const pidFile = join(dir, "sleep.pid");
    const name = await shellFunction(`handler () { sleep 300 & echo $! > "$PID_FILE"; wait; }`, { Timeout: 1, Environment: { Variables: { PID_FILE: pidFile } } });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${res.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
    const pid = Number(readFileSync(pidFile, "utf8"));
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      try {
        process.kill(pid, 0);
        alive = !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        alive = false;
      }
      if (alive) await new Promise((r) => globalThis.setTimeout(r, 20));
    }
    expect(alive).toBe(false);
    // The next invocation starts a fresh environment.
    const out = join(dir, "after.txt");
    const next = await shellFunction(`handler () { echo ok > "$OUT"; echo '"ok"'; }`, { Environment: { Variables: { OUT: out } } });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: next }))).Payload)).toBe("ok");
  });

  it("invokes asynchronously (Event)", async () => {
    const out = join(dir, "event.json");
    const name = await shellFunction(`handler () { echo "$1" > "$OUT"; echo '"done"'; }`, { Environment: { Variables: { OUT: out } } });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"async":true}') }));
    expect(res.StatusCode).toBe(202);
    await ctx.aws.settle();
    for (let i = 0; i < 100 && !existsSync(out); i++) await new Promise((r) => globalThis.setTimeout(r, 20));
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ async: true });
  });

  it("a bootstrap that exits is Runtime.ExitError with its exit status", async () => {
    const name = await shellFunction("", {}, [`#!/bin/sh\necho starting\nexit 3\n`, 0o755]);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: exit status 3") });
  });

  it("an init error posted to /runtime/init/error fails the invocation with it", async () => {
    const name = await shellFunction("", {}, [
      `#!/bin/sh\ncurl -sS "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/init/error" -H "Lambda-Runtime-Function-Error-Type: Runtime.ConfigError" -d '{"errorMessage":"missing config","errorType":"Runtime.ConfigError"}'\nsleep 5\n`,
      0o755,
    ]);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorMessage: "missing config", errorType: "Runtime.ConfigError" });
  });

  it("a bootstrap without its executable bit fails the init with permission denied, as on AWS", async () => {
    const name = await shellFunction(ECHO, {}, [SHELL_BOOTSTRAP, 0o644]);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.InvalidEntrypoint", errorMessage: expect.stringContaining("fork/exec /var/task/bootstrap: permission denied") });
  });

  it("the Runtime API answers only its own process: a browser Origin or another Host name is refused", async () => {
    const name = await shellFunction(`handler () {
  API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
  a=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: http://evil.example' "$API/invocation/next")
  b=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: rebind.example' "$API/invocation/next")
  printf '{"origin":%s,"host":%s}' "$a" "$b"
}`);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ origin: 403, host: 403 });
  });

  it("a zip without a bootstrap fails the init as AWS words it", async () => {
    const name = uniqueName("noboot");
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "provided.al2", Role: ROLE, Handler: "x", Code: { ZipFile: unixZip({ "main.sh": "echo" }) } }));
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.InvalidEntrypoint", errorMessage: expect.stringContaining("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]") });
  });
});

describe("a Rust binary (std only, built here with rustc) speaking the Runtime API", () => {
  let name: string;
  beforeAll(async () => {
    const binary = join(dir, "rust-bootstrap");
    execFileSync("rustc", ["-C", "strip=symbols", "-o", binary, "test/runtime/fixtures-src/rust-bootstrap.rs"], { stdio: "pipe" });
    name = uniqueName("rust");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "provided.al2023",
        Role: ROLE,
        Handler: "rust.handler",
        Timeout: 2,
        Code: { ZipFile: zipBytes({ bootstrap: readFileSync(binary) }, 0o755) },
      }),
    );
  }, 60_000);

  it("answers synchronously", async () => {
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"n":1}'), LogType: "Tail" }));
    expect(decode(res.Payload)).toEqual({ rust: true, handler: "rust.handler", event: { n: 1 } });
    expect(Buffer.from(res.LogResult ?? "", "base64").toString()).toContain(`rust handling ${res.$metadata.requestId}`);
  });

  it("runs asynchronously (Event)", async () => {
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from('{"n":2}') }));
    expect(res.StatusCode).toBe(202);
    await ctx.aws.settle();
    const logs = ctx.client(CloudWatchLogsClient);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${name}` }));
    const messages: string[] = [];
    for (const st of streams.logStreams ?? []) {
      const ev = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, logStreamName: st.logStreamName! }));
      messages.push(...(ev.events ?? []).map((e) => e.message ?? ""));
    }
    expect(messages.filter((m) => m.startsWith("rust handling")).length).toBeGreaterThanOrEqual(2);
  });

  it("reports an error it posts", async () => {
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('"fail"') }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorMessage: "asked to fail", errorType: "RustError" });
  });

  it("times out", async () => {
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('"hang"') }));
    expect(decode(res.Payload)).toEqual({ errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${res.$metadata.requestId} Error: Task timed out after 2.00 seconds` });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from("3") }))).Payload)).toMatchObject({ event: 3 });
  });
});
