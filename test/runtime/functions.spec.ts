import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { ROLE, createFn, handlers, zipOf } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const base = { Runtime: "nodejs20.x" as const, Role: ROLE, Handler: "index.handler" };

describe("validation", () => {
  it("rejects MemorySize outside 128-10240", async () => {
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), MemorySize: 64, Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    });
  });

  it("rejects a Timeout over 900 seconds in AWS's words (a limit the model lacks)", async () => {
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), Timeout: 901, Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    });
  });

  it("rejects an invalid function name", async () => {
    await expectAwsError(lambda().send(new GetFunctionCommand({ FunctionName: "bad name!" })), {
      name: "ValidationException",
      status: 400,
      message: /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    });
  });

  it("rejects environment variables over 4 KB", async () => {
    const vars = { BIG: "x".repeat(4100) };
    await expectAwsError(
      lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), Environment: { Variables: vars }, Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })),
      { name: "InvalidParameterValueException", status: 400, message: /^Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit\. String measured: \{"BIG":"x/ },
    );
  });

  it("rejects reserved environment variable names", async () => {
    await expectAwsError(
      lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), Environment: { Variables: { AWS_REGION: "x" } }, Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })),
      { name: "InvalidParameterValueException", status: 400, message: /Reserved keys used in this request: AWS_REGION$/ },
    );
  });

  it("rejects a deprecated runtime", async () => {
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, Runtime: "nodejs16.x", FunctionName: uniqueName("fn"), Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: /^The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions/,
    });
  });

  it("rejects a file that is not a zip, and a zip with an entry escaping its directory", async () => {
    const bad = "Could not unzip uploaded file. Please check your file, then try to upload again.";
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), Code: { ZipFile: Buffer.from("not a zip") } })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: bad,
    });
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName("fn"), Code: { ZipFile: zipOf({ "../evil.js": "x" }) } })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: bad,
    });
  });
});

describe("errors", () => {
  it("answers ResourceConflictException when the function exists", async () => {
    const name = await createFn(lambda(), handlers.echo);
    await expectAwsError(lambda().send(new CreateFunctionCommand({ ...base, FunctionName: name, Code: { ZipFile: zipOf({ "index.js": handlers.echo }) } })), {
      name: "ResourceConflictException",
      status: 409,
      message: `Function already exist: ${name}`,
    });
  });

  it("answers ResourceNotFoundException for unknown functions and versions", async () => {
    await expectAwsError(lambda().send(new GetFunctionCommand({ FunctionName: "missing-fn" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing-fn",
    });
    const name = await createFn(lambda(), handlers.echo);
    await expectAwsError(lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: "7" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}:7`,
    });
    await expectAwsError(lambda().send(new DeleteFunctionCommand({ FunctionName: "missing-fn" })), { name: "ResourceNotFoundException", status: 404 });
  });
});

describe("behaviour", () => {
  it("creates a function Pending that is Active by the next read, with AWS's configuration", async () => {
    const name = uniqueName("fn");
    const zip = zipOf({ "index.js": handlers.echo });
    const created = await lambda().send(new CreateFunctionCommand({ ...base, FunctionName: name, Code: { ZipFile: zip }, Description: "d", Tags: { team: "a" } }));
    expect(created.State).toBe("Pending");
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      MemorySize: 128,
      Timeout: 3,
      Version: "$LATEST",
      Description: "d",
      PackageType: "Zip",
      CodeSize: zip.length,
      CodeSha256: createHash("sha256").update(zip).digest("base64"),
    });
    expect(created.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    await waitUntilFunctionActiveV2({ client: lambda(), maxWaitTime: 5, minDelay: 1 }, { FunctionName: name });
    const got = await lambda().send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Configuration?.State).toBe("Active");
    expect(got.Tags).toEqual({ team: "a" });
    const code = await fetch(got.Code!.Location!);
    expect(Buffer.from(await code.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);
  });

  it("finds a function by name, partial ARN and full ARN", async () => {
    const name = await createFn(lambda(), handlers.echo);
    for (const ref of [name, `000000000000:function:${name}`, `arn:aws:lambda:us-east-1:000000000000:function:${name}`]) {
      expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: ref }))).FunctionName).toBe(name);
    }
  });

  it("lists functions page by page", async () => {
    const names = [await createFn(lambda(), handlers.echo), await createFn(lambda(), handlers.echo), await createFn(lambda(), handlers.echo)];
    const seen: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda(), pageSize: 2 }, {})) {
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Functions!.map((f) => f.FunctionName!));
    }
    for (const n of names) expect(seen).toContain(n);
    expect(new Set(seen).size).toBe(seen.length);
    const first = await lambda().send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(first.NextMarker).toBeDefined();
  });

  it("updates code and configuration, reporting LastUpdateStatus", async () => {
    const name = await createFn(lambda(), handlers.echo);
    const code = await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ "index.js": handlers.counter }) }));
    expect(code.LastUpdateStatus).toBe("InProgress");
    const conf = await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 512, Timeout: 10, Description: "new" }));
    expect(conf).toMatchObject({ MemorySize: 512, Timeout: 10, Description: "new" });
    const got = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(got).toMatchObject({ MemorySize: 512, Timeout: 10, Description: "new", LastUpdateStatus: "Successful", CodeSha256: code.CodeSha256 });
  });

  it("deletes a function", async () => {
    const name = await createFn(lambda(), handlers.echo);
    const res = await lambda().send(new DeleteFunctionCommand({ FunctionName: name }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expectAwsError(lambda().send(new GetFunctionCommand({ FunctionName: name })), { name: "ResourceNotFoundException" });
  });

  it("routes a request signed for lambda to the Lambda API over raw HTTP", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/2015-03-31/functions/" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toHaveProperty("Functions");
  });
});
