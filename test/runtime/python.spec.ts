/**
 * python3.x functions: the machine's python3 runs the runtime client local-aws ships, through the
 * Runtime API, with AWS's handler contract, context object, error JSON and log formats.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, unixZip } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function pythonFunction(files: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName("py");
  await lambda().send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "python3.12", Role: ROLE, Handler: "lambda_function.lambda_handler", Code: { ZipFile: unixZip(files) }, ...extra }),
  );
  return name;
}

async function invoke(name: string, payload = "{}", extra: Record<string, unknown> = {}) {
  const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload), LogType: "Tail", ...extra }));
  return { res, body: decode(res.Payload) as Record<string, unknown>, log: Buffer.from(res.LogResult ?? "", "base64").toString() };
}

describe("behaviour", () => {
  it("calls module.function with the event and AWS's context object", async () => {
    const name = await pythonFunction(
      {
        "lambda_function.py": `import os
count = 0
def lambda_handler(event, context):
    global count
    count += 1
    return {"event": event, "requestId": context.aws_request_id, "fn": context.function_name, "version": context.function_version,
            "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb, "group": context.log_group_name,
            "stream": context.log_stream_name, "remaining": context.get_remaining_time_in_millis(), "count": count,
            "region": os.environ["AWS_REGION"], "root": os.environ["LAMBDA_TASK_ROOT"] == os.getcwd()}
`,
      },
      { Timeout: 5, MemorySize: 256 },
    );
    const { res, body } = await invoke(name, '{"x":[1,2]}');
    expect(res.FunctionError).toBeUndefined();
    expect(body).toMatchObject({ event: { x: [1, 2] }, requestId: res.$metadata.requestId, fn: name, version: "$LATEST", arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, mem: "256", group: `/aws/lambda/${name}`, count: 1, region: "us-east-1", root: true });
    expect(body.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(3000);
    expect(body.remaining).toBeLessThanOrEqual(5000);
    expect((await invoke(name)).body.count).toBe(2);
  });

  it("an exception is the error JSON AWS's runtime posts, with its traceback in the log", async () => {
    const name = await pythonFunction({ "lambda_function.py": `def lambda_handler(event, context):\n    raise ValueError("bad value " + str(event["n"]))\n` });
    const { res, body, log } = await invoke(name, '{"n":7}');
    expect(res.FunctionError).toBe("Unhandled");
    expect(body).toMatchObject({ errorMessage: "bad value 7", errorType: "ValueError", requestId: res.$metadata.requestId });
    expect(body.stackTrace).toEqual([expect.stringMatching(/File ".*lambda_function\.py", line 2, in lambda_handler\n\s+raise ValueError/)]);
    expect(log).toContain("[ERROR] ValueError: bad value 7\nTraceback (most recent call last):");
  });

  it("print output and the logging module's lines, in AWS's text format", async () => {
    const name = await pythonFunction({
      "lambda_function.py": `import logging
logger = logging.getLogger()
logger.setLevel(logging.INFO)
def lambda_handler(event, context):
    print("hello from print")
    logger.info("info %s", 42)
    logger.debug("hidden")
    return 1
`,
    });
    const { res, log } = await invoke(name);
    expect(log).toContain("hello from print\n");
    expect(log).toMatch(new RegExp(`\\[INFO\\]\\t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${res.$metadata.requestId}\\tinfo 42\\n`));
    expect(log).not.toContain("hidden");
  });

  it("LoggingConfig JSON: logging calls are JSON objects filtered at ApplicationLogLevel", async () => {
    const name = await pythonFunction(
      {
        "lambda_function.py": `import logging
logger = logging.getLogger("app")
def lambda_handler(event, context):
    logger.debug("too low")
    logger.warning("careful %d", 3)
    try:
        1 / 0
    except ZeroDivisionError:
        logger.exception("failed")
    return 1
`,
      },
      { LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "WARN" } },
    );
    const { res, log } = await invoke(name);
    const lines = log.split("\n").filter((l) => l.startsWith('{"timestamp"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: "WARNING", message: "careful 3", logger: "app", requestId: res.$metadata.requestId }),
      expect.objectContaining({ level: "ERROR", message: "failed", errorType: "ZeroDivisionError", errorMessage: "division by zero", stackTrace: [expect.stringContaining("1 / 0")] }),
    ]);
    expect(log).not.toContain("too low");
  });

  it("init errors: a missing module, a missing handler, a syntax error", async () => {
    const missing = await pythonFunction({ "other.py": "x = 1\n" });
    expect((await invoke(missing)).body).toEqual({ errorMessage: "Unable to import module 'lambda_function': No module named 'lambda_function'", errorType: "Runtime.ImportModuleError", requestId: "", stackTrace: [] });
    const noHandler = await pythonFunction({ "lambda_function.py": "def other(e, c):\n    return 1\n" });
    expect((await invoke(noHandler)).body).toEqual({ errorMessage: "Handler 'lambda_handler' missing on module 'lambda_function'", errorType: "Runtime.HandlerNotFound", requestId: "", stackTrace: [] });
    const syntax = await pythonFunction({ "lambda_function.py": "def lambda_handler(e, c)\n    return 1\n" });
    expect((await invoke(syntax)).body).toMatchObject({ errorType: "Runtime.UserCodeSyntaxError", errorMessage: expect.stringContaining("Syntax error in module 'lambda_function'") });
  });

  it("bundled packages and boto3 (provided by the runtime) are importable; handlers in packages resolve", async () => {
    const name = await pythonFunction(
      { "app/__init__.py": "", "app/main.py": "import vendored\nimport boto3\ndef handle(event, context):\n    return {'dep': vendored.VALUE, 'boto3': boto3.__name__}\n", "vendored/__init__.py": "VALUE = 'bundled'\n" },
      { Handler: "app/main.handle" },
    );
    expect((await invoke(name)).body).toEqual({ dep: "bundled", boto3: "boto3" });
  });

  it("a result that is not JSON serializable is Runtime.MarshalError", async () => {
    const name = await pythonFunction({ "lambda_function.py": "def lambda_handler(e, c):\n    return {1, 2}\n" });
    const { res, body } = await invoke(name);
    expect(res.FunctionError).toBe("Unhandled");
    expect(body).toMatchObject({ errorType: "Runtime.MarshalError", errorMessage: "Unable to marshal response: Object of type set is not JSON serializable" });
  });

  it("times out, and a sys.exit is Runtime.ExitError", async () => {
    const slow = await pythonFunction({ "lambda_function.py": "import time\ndef lambda_handler(e, c):\n    time.sleep(30)\n" }, { Timeout: 1 });
    expect((await invoke(slow)).body).toMatchObject({ errorType: "Sandbox.Timedout" });
    const exiting = await pythonFunction({ "lambda_function.py": "import sys\ndef lambda_handler(e, c):\n    sys.exit(4)\n" });
    expect((await invoke(exiting)).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: exit status 4") });
    const killing = await pythonFunction({ "lambda_function.py": "import os\ndef lambda_handler(e, c):\n    os._exit(5)\n" });
    expect((await invoke(killing)).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: exit status 5") });
  });
});
