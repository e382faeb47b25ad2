/**
 * ruby3.x functions: the machine's ruby runs the runtime client local-aws ships, through the
 * Runtime API, with AWS's handler forms (`file.method`, `file.Module::Class.method`), the
 * context object, and AWS's error JSON (`Function<Class>`, `Init<Class>`).
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { decode, ROLE, unixZip } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function rubyFunction(files: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName("rb");
  await lambda().send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "ruby3.3", Role: ROLE, Handler: "lambda_function.lambda_handler", Code: { ZipFile: unixZip(files) }, ...extra }),
  );
  return name;
}

async function invoke(name: string, payload = "{}") {
  const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload), LogType: "Tail" }));
  return { res, body: decode(res.Payload) as Record<string, unknown>, log: Buffer.from(res.LogResult ?? "", "base64").toString() };
}

describe("ruby handlers", () => {
  it("file.method gets event: and context: (AWS's context fields); state persists while warm; puts lands in the log", async () => {
    const name = await rubyFunction(
      {
        "lambda_function.rb": `require 'json'
require_relative 'lib/helper'
$count = 0
def lambda_handler(event:, context:)
  $count += 1
  puts "handling #{context.aws_request_id}"
  { event: event, requestId: context.aws_request_id, fn: context.function_name, version: context.function_version,
    arn: context.invoked_function_arn, mem: context.memory_limit_in_mb, group: context.log_group_name,
    stream: context.log_stream_name, remaining: context.get_remaining_time_in_millis, count: $count,
    helper: Helper.shout('hi'), root: ENV['LAMBDA_TASK_ROOT'] == Dir.pwd }
end
`,
        "lib/helper.rb": "module Helper\n  def self.shout(s)\n    s.upcase\n  end\nend\n",
      },
      { Timeout: 5, MemorySize: 256 },
    );
    const { res, body, log } = await invoke(name, '{"x":[1,2]}');
    expect(res.FunctionError).toBeUndefined();
    expect(body).toMatchObject({ event: { x: [1, 2] }, requestId: res.$metadata.requestId, fn: name, version: "$LATEST", arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, mem: "256", group: `/aws/lambda/${name}`, count: 1, helper: "HI", root: true });
    expect(body.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(3000);
    expect(body.remaining).toBeLessThanOrEqual(5000);
    expect(log).toContain(`handling ${res.$metadata.requestId}\n`);
    expect((await invoke(name)).body.count).toBe(2);
  });

  it("file.Module::Class.method", async () => {
    const name = await rubyFunction(
      { "app/handler.rb": "module Shop\n  class Orders\n    def self.process(event:, context:)\n      \"#{event['item']} x#{event['n'] * 2}\"\n    end\n  end\nend\n" },
      { Handler: "app/handler.Shop::Orders.process" },
    );
    expect((await invoke(name, '{"item":"tea","n":2}')).body).toBe("tea x4");
  });

  it("an exception is Function<Class> with its backtrace, logged", async () => {
    const name = await rubyFunction({ "lambda_function.rb": "def lambda_handler(event:, context:)\n  raise ArgumentError, \"bad value #{event['n']}\"\nend\n" });
    const { res, body, log } = await invoke(name, '{"n":7}');
    expect(res.FunctionError).toBe("Unhandled");
    expect(body).toEqual({ errorMessage: "bad value 7", errorType: "Function<ArgumentError>", stackTrace: [expect.stringMatching(/lambda_function\.rb:2:in .*lambda_handler'$/)] });
    expect(log).toContain('Error raised from handler method\n{\n  "errorMessage": "bad value 7",\n  "errorType": "Function<ArgumentError>"');
  });

  it("init errors: a file that does not load, a method that does not exist, a malformed handler", async () => {
    const missing = await rubyFunction({ "lambda_function.rb": "require 'not_a_gem'\n" });
    expect((await invoke(missing)).body).toMatchObject({ errorType: "Init<LoadError>", errorMessage: expect.stringContaining("cannot load such file -- not_a_gem") });
    const noMethod = await rubyFunction({ "lambda_function.rb": "def other(event:, context:)\n  1\nend\n" });
    expect((await invoke(noMethod)).body).toMatchObject({ errorType: "Init<NoMethodError>", errorMessage: expect.stringContaining("lambda_handler") });
    const malformed = await rubyFunction({ "lambda_function.rb": "" }, { Handler: "lambda_function" });
    expect((await invoke(malformed)).body).toMatchObject({ errorType: "Init<ArgumentError>", errorMessage: expect.stringContaining("must be of form FILENAME.METHOD") });
  });

  it("times out; exit is Runtime.ExitError", async () => {
    const slow = await rubyFunction({ "lambda_function.rb": "def lambda_handler(event:, context:)\n  sleep 30\nend\n" }, { Timeout: 1 });
    const timedOut = await invoke(slow);
    expect(timedOut.body).toEqual({ errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${timedOut.res.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
    const exiting = await rubyFunction({ "lambda_function.rb": "def lambda_handler(event:, context:)\n  exit 4\nend\n" });
    expect((await invoke(exiting)).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: exit status 4") });
  });
});
