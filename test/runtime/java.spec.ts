/**
 * java11/java17/java21 functions: the machine's java runs the runtime client local-aws ships,
 * through the Runtime API. The handlers are compiled here with javac against the
 * `com.amazonaws.services.lambda.runtime` interfaces local-aws ships under AWS's names, as code
 * compiled against aws-lambda-java-core would be, with a class from `lib/*.jar`.
 */
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, PublishLayerVersionCommand } from "@aws-sdk/client-lambda";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, zipBytes } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
let zip: Uint8Array;
/** The handlers without lib/greeter.jar, and a layer holding it as java/lib/greeter.jar. */
let zipWithoutLib: Uint8Array;
let greeterLayer: Uint8Array;

function files(dir: string, ext: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext) && statSync(join(dir, f)).isFile()).map((f) => join(dir, f));
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), "la-java-"));
  const libClasses = join(out, "lib-classes");
  const classes = join(out, "classes");
  mkdirSync(join(classes, "lib"), { recursive: true });
  execFileSync("javac", ["-d", libClasses, ...files("test/runtime/fixtures-src/java-lib", ".java")], { stdio: "pipe" });
  execFileSync("jar", ["cf", join(classes, "lib", "greeter.jar"), "-C", libClasses, "."], { stdio: "pipe" });
  // Compiled against the interfaces we ship (as against aws-lambda-java-core), which stay out of the zip.
  execFileSync("javac", ["-implicit:none", "-sourcepath", "runtimes/java", "-cp", join(classes, "lib", "greeter.jar"), "-d", classes, ...files("test/runtime/fixtures-src/java", ".java")], { stdio: "pipe" });
  const entries = files(classes, "").map((f) => [relative(classes, f), readFileSync(f)] as const);
  zip = zipBytes(Object.fromEntries(entries));
  zipWithoutLib = zipBytes(Object.fromEntries(entries.filter(([name]) => !name.startsWith("lib/"))));
  greeterLayer = zipBytes({ "java/lib/greeter.jar": readFileSync(join(classes, "lib", "greeter.jar")) });
}, 60_000);

// The first Java environment on a machine compiles the runtime client (seconds under load): do it here.
beforeAll(async () => {
  await invoke(await javaFunction("example.Streams"), "{}");
}, 120_000);

async function javaFunction(handler: string, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName("java");
  await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "java17", Role: ROLE, Handler: handler, MemorySize: 512, Timeout: 10, Code: { ZipFile: zip }, ...extra }));
  return name;
}

async function invoke(name: string, payload: string) {
  const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload), LogType: "Tail" }));
  return { res, body: decode(res.Payload) as Record<string, unknown>, log: Buffer.from(res.LogResult ?? "", "base64").toString() };
}

describe("RequestHandler<POJO, POJO>", () => {
  let name: string;
  beforeAll(async () => {
    name = await javaFunction("example.Hello::handleRequest");
  });

  it("binds the event, calls the handler with AWS's Context, serializes the result; logs are in the invocation's log", async () => {
    const { res, body, log } = await invoke(name, '{"customer":"ada","quantity":3,"items":["a","b"],"ignored":true}');
    expect(res.FunctionError).toBeUndefined();
    expect(body).toMatchObject({
      greeting: "hello ada",
      total: 6,
      first: true,
      context: { requestId: res.$metadata.requestId, functionName: name, version: "$LATEST", arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, memory: 512, logGroup: `/aws/lambda/${name}` },
    });
    const context = body.context as Record<string, unknown>;
    expect(context.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.remaining).toBeGreaterThan(5000);
    expect(context.remaining).toBeLessThanOrEqual(10_000);
    expect(context.tmpdir).not.toBe("/tmp");
    expect(log).toContain("order from ada\nsecond line\n");
    expect(log).toContain(`stdout line for ${res.$metadata.requestId}\n`);
    expect(log).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/);
    // The same environment, warm: static state persists.
    expect((await invoke(name, '{"customer":"bob","quantity":1,"items":["x"]}')).body).toMatchObject({ greeting: "hello bob", total: 1, first: false });
  });

  it("an exception is AWS's error JSON (errorMessage, errorType, stackTrace, cause), logged with its trace", async () => {
    const { res, body, log } = await invoke(name, '{"customer":"eve","quantity":-1,"items":[]}');
    expect(res.FunctionError).toBe("Unhandled");
    // The runtime's own frames are left out; the handler's (and its generic bridge method's) stay.
    const frames = expect.arrayContaining([expect.stringMatching(/^example\.Hello\.handleRequest\(Hello\.java:4\d\)$/)]);
    expect(body).toEqual({
      errorMessage: "quantity must not be negative",
      errorType: "java.lang.IllegalArgumentException",
      stackTrace: frames,
      cause: { errorMessage: "root cause", errorType: "java.lang.IllegalStateException", stackTrace: frames },
    });
    expect(JSON.stringify(body)).not.toContain("local.aws.lambda");
    expect(log).toContain("quantity must not be negative: java.lang.IllegalArgumentException\njava.lang.IllegalArgumentException: quantity must not be negative\n\tat example.Hello.handleRequest(Hello.java:");
  });

  it("an event that does not bind is a JSON parsing error", async () => {
    const { res, body } = await invoke(name, '{"quantity":"many"}');
    expect(res.FunctionError).toBe("Unhandled");
    expect(body).toMatchObject({ errorMessage: "An error occurred during JSON parsing", errorType: "java.lang.RuntimeException", cause: { errorMessage: expect.stringContaining("`int`") } });
  });

  it("times out, then a new environment serves", async () => {
    const slow = await javaFunction("example.Hello::handleRequest", { Timeout: 2 });
    const { res, body } = await invoke(slow, '{"customer":"sloth","quantity":999,"items":[]}');
    expect(body).toEqual({ errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${res.$metadata.requestId} Error: Task timed out after 2.00 seconds` });
    expect((await invoke(slow, '{"customer":"next","quantity":1,"items":["x"]}')).body).toMatchObject({ greeting: "hello next", first: true });
  }, 30_000);
});

describe("other handler shapes", () => {
  it("RequestStreamHandler: raw bytes in and out", async () => {
    const name = await javaFunction("example.Streams");
    const { res, body } = await invoke(name, '{"k":[1,2]}');
    expect(body).toEqual({ raw: { k: [1, 2] }, id: res.$metadata.requestId });
  });

  it("plain methods: (String, Context), a static method taking a Map, a record in and out", async () => {
    const upper = await javaFunction("example.Plain::upper", { Runtime: "java11" });
    expect((await invoke(upper, '"shout"')).body).toBe("SHOUT");
    const sum = await javaFunction("example.Plain::sum", { Runtime: "java21" });
    const summed = await invoke(sum, '{"a":1,"b":2,"c":39}');
    expect(summed.body).toBe(42);
    // java21 on this machine's older Java: it runs, and the init log says so.
    const version = Number(/version "(\d+)/.exec(execFileSync("sh", ["-c", "java -version 2>&1"], { encoding: "utf8" }))?.[1]);
    if (version < 21) expect(summed.log).toContain(`local-aws: this java21 function runs on the machine's Java ${version}`);
    else expect(summed.log).not.toContain("local-aws: this java21 function");
    const mirror = await javaFunction("example.Plain::mirror");
    expect((await invoke(mirror, '{"x":1,"y":2}')).body).toEqual({ x: 2, y: 1 });
  });

  it("System.exit is Runtime.ExitError", async () => {
    const name = await javaFunction("example.Plain::exit");
    expect((await invoke(name, "{}")).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: exit status 3") });
  });

  it("init errors: a class that does not exist, a method that does not exist", async () => {
    const missing = await javaFunction("example.Missing::handleRequest");
    expect((await invoke(missing, "{}")).body).toEqual({ errorMessage: "Class not found: example.Missing", errorType: "java.lang.ClassNotFoundException", stackTrace: [] });
    const noMethod = await javaFunction("example.Plain::absent");
    expect((await invoke(noMethod, "{}")).body).toEqual({
      errorMessage: "No public method named absent with appropriate method signature found on class example.Plain",
      errorType: "java.lang.NoSuchMethodException",
      stackTrace: [],
    });
  });

  it("a jar from a layer's java/lib is on the classpath", async () => {
    const layer = await lambda().send(new PublishLayerVersionCommand({ LayerName: uniqueName("greeter"), Content: { ZipFile: greeterLayer }, CompatibleRuntimes: ["java17"] }));
    const without = await javaFunction("example.Hello::handleRequest", { Code: { ZipFile: zipWithoutLib } });
    const missing = await invoke(without, '{"customer":"lee","quantity":1,"items":["x"]}');
    expect(missing.body).toMatchObject({ errorType: "java.lang.NoClassDefFoundError", errorMessage: "example/lib/Greeter" });
    const withLayer = await javaFunction("example.Hello::handleRequest", { Code: { ZipFile: zipWithoutLib }, Layers: [layer.LayerVersionArn!] });
    expect((await invoke(withLayer, '{"customer":"lee","quantity":1,"items":["x"]}')).body).toMatchObject({ greeting: "hello lee" });
  });

  it("java runtimes are listed as the function's runtime", async () => {
    const name = await javaFunction("example.Streams", { Runtime: "java21" });
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).Runtime).toBe("java21");
  });
});

describe("runtimes local-aws cannot run", () => {
  it("dotnet8 is refused with a message that says why and what runs instead", async () => {
    await expectAwsError(javaFunction("Example::Example.Function::Handler", { Runtime: "dotnet8" }), {
      name: "InvalidParameterValueException",
      message:
        "The runtime dotnet8 is not supported by local-aws: it has no .NET runtime to run it with. A .NET function built as a self-contained or Native AOT executable named bootstrap runs here as provided.al2023, as it does on AWS.",
    });
  });
});
