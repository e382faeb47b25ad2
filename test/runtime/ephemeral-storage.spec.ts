/**
 * EphemeralStorage: validated as AWS validates it, reported by GetFunctionConfiguration, and
 * enforced on each environment's own temporary directory (a file beyond the size cannot be
 * written; the directory holding more than the size fails the invocation and ends the environment).
 */
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, unixZip } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function pythonFunction(source: string, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName("eph");
  await lambda().send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "python3.12", Role: ROLE, Handler: "lambda_function.lambda_handler", Timeout: 10, Code: { ZipFile: unixZip({ "lambda_function.py": source }) }, ...extra }),
  );
  return name;
}

async function invoke(name: string, payload = "{}") {
  const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload) }));
  return { res, body: decode(res.Payload) as Record<string, unknown> };
}

const WRITER = `import os, tempfile
MB = 1024 * 1024
def lambda_handler(event, context):
    tmp = tempfile.gettempdir()
    if event.get("seek"):
        with open(os.path.join(tmp, "sparse"), "wb", buffering=0) as f:
            f.seek(event["seek"] * MB)
            try:
                f.write(b"x")
            except OSError as e:
                return {"error": e.strerror, "errno": e.errno}
        return {"wrote": True}
    for i, size in enumerate(event.get("allocate", [])):
        fd = os.open(os.path.join(tmp, "big%d" % i), os.O_CREAT | os.O_WRONLY)
        os.posix_fallocate(fd, 0, size * MB)
        os.close(fd)
    mine = os.path.join(tmp, "mine-" + context.aws_request_id)
    open(mine, "w").write("x")
    return {"tmp": tmp, "env": os.environ.get("TMPDIR"), "files": sorted(os.listdir(tmp))}
`;

describe("EphemeralStorage configuration", () => {
  it("is 512 MB by default, set on create and update, validated with AWS's messages", async () => {
    const name = await pythonFunction(WRITER);
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).EphemeralStorage).toEqual({ Size: 512 });
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, EphemeralStorage: { Size: 10240 } }));
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).EphemeralStorage).toEqual({ Size: 10240 });
    await expectAwsError(lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, EphemeralStorage: { Size: 511 } })), {
      name: "ValidationException",
      message: "1 validation error detected: Value '511' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512",
    });
    await expectAwsError(pythonFunction(WRITER, { EphemeralStorage: { Size: 10241 } }), {
      name: "ValidationException",
      message: "1 validation error detected: Value '10241' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240",
    });
    const sized = await pythonFunction(WRITER, { EphemeralStorage: { Size: 2048 } });
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: sized }))).EphemeralStorage).toEqual({ Size: 2048 });
  });
});

describe("each environment's /tmp", () => {
  it("is its own directory (TMPDIR), kept while the environment is warm, not shared with another environment", async () => {
    const name = await pythonFunction(WRITER);
    const first = (await invoke(name)).body;
    expect(first.tmp).toBe(first.env);
    expect(first.tmp).not.toBe("/tmp");
    const second = (await invoke(name)).body;
    expect(second.tmp).toBe(first.tmp);
    expect(second.files).toHaveLength(2);
    // Two invocations at once run in two environments, each with its own directory.
    const [a, b] = await Promise.all([invoke(name, '{"n":1}'), invoke(name, '{"n":2}')]);
    expect(a.body.tmp).not.toBe(b.body.tmp);
  });

  it("a file cannot grow beyond EphemeralStorage: the write fails in the function", async () => {
    const name = await pythonFunction(WRITER);
    expect((await invoke(name, '{"seek":511}')).body).toEqual({ wrote: true });
    expect((await invoke(name, '{"seek":512}')).body).toEqual({ error: "File too large", errno: 27 });
  });

  it("files holding more than EphemeralStorage fail the invocation and end the environment (its files go with it)", async () => {
    const name = await pythonFunction(WRITER);
    const full = await invoke(name, '{"allocate":[300,300]}');
    expect(full.res.FunctionError).toBe("Unhandled");
    expect(full.body).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${full.res.$metadata.requestId} Error: Runtime exited with error: No space left on device (the environment's /tmp holds more than its EphemeralStorage of 512 MB)`,
    });
    const fresh = (await invoke(name)).body;
    expect(fresh.files).toHaveLength(1);
    // A larger EphemeralStorage holds the same files.
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, EphemeralStorage: { Size: 1024 } }));
    const roomy = await invoke(name, '{"allocate":[300,300]}');
    expect(roomy.res.FunctionError).toBeUndefined();
    expect(roomy.body.files).toEqual(expect.arrayContaining(["big0", "big1"]));
  });

  it("a Node.js function's directory is measured too", async () => {
    const name = uniqueName("eph-node");
    const source = `const fs = require("fs"), os = require("os"), path = require("path");
exports.handler = async (event) => {
  const fd = fs.openSync(path.join(os.tmpdir(), "blob"), "w");
  fs.writeSync(fd, Buffer.alloc(1024 * 1024), 0, 1024 * 1024, event.mb * 1024 * 1024 - 1024 * 1024);
  const stat = fs.statSync(path.join(os.tmpdir(), "blob"));
  fs.closeSync(fd);
  return { tmp: os.tmpdir(), blocks: stat.blocks };
};`;
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Timeout: 10, Code: { ZipFile: unixZip({ "index.js": source }) } }));
    const ok = await invoke(name, '{"mb":1}');
    expect(ok.res.FunctionError).toBeUndefined();
    expect(ok.body.tmp).not.toBe("/tmp");
    // A dense 513 MB file would take a while to write: fill 600 MB with one allocation instead.
    const filler = uniqueName("eph-node-fill");
    const fill = `const fs = require("fs"), os = require("os"), path = require("path"), { execFileSync } = require("child_process");
exports.handler = async () => { execFileSync("fallocate", ["-l", "600M", path.join(os.tmpdir(), "fill")]); return "filled"; };`;
    await lambda().send(new CreateFunctionCommand({ FunctionName: filler, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Timeout: 10, Code: { ZipFile: unixZip({ "index.js": fill }) } }));
    const full = await invoke(filler);
    expect(full.body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("No space left on device") });
  });
});
