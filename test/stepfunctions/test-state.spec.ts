import { TestStateCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { useServer } from "../helpers/use-server.js";
import { ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

const task = {
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: { FunctionName: "f", "Payload.$": "$" },
  ResultSelector: { "body.$": "$.Payload.body" },
  ResultPath: "$.result",
  Retry: [{ ErrorEquals: ["Lambda.TooManyRequestsException"], MaxAttempts: 2 }],
  Catch: [{ ErrorEquals: ["Custom.Error"], ResultPath: "$.err", Next: "Recover" }],
  Next: "After",
};

describe("TestState", () => {
  it("runs a distributed Map's items inline, starting no Map Run", async () => {
    const map = {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "P", States: { P: { Type: "Pass", Parameters: { "v.$": "$" }, End: true } } },
      End: true,
    };
    const out = await sfnClient(ctx).send(new TestStateCommand({ definition: JSON.stringify(map), roleArn: ROLE, input: '{"items":[1,2]}' }));
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output!)).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it("SUCCEEDED with a mocked result, nextState and DEBUG inspection data", async () => {
    const out = await sfnClient(ctx).send(
      new TestStateCommand({
        definition: JSON.stringify(task),
        roleArn: ROLE,
        input: '{"x":1}',
        inspectionLevel: "DEBUG",
        mock: { result: '{"Payload":{"body":"hi"},"StatusCode":200}' },
      }),
    );
    expect(out.status).toBe("SUCCEEDED");
    expect(out.nextState).toBe("After");
    expect(JSON.parse(out.output!)).toEqual({ x: 1, result: { body: "hi" } });
    expect(out.inspectionData).toMatchObject({
      input: '{"x":1}',
      afterInputPath: '{"x":1}',
      afterParameters: '{"FunctionName":"f","Payload":{"x":1}}',
      result: '{"Payload":{"body":"hi"},"StatusCode":200}',
      afterResultSelector: '{"body":"hi"}',
      afterResultPath: '{"x":1,"result":{"body":"hi"}}',
    });
  });

  it("RETRIABLE, CAUGHT_ERROR and FAILED for mocked errors", async () => {
    const sfn = sfnClient(ctx);
    const run = (error: string, retried?: number) =>
      sfn.send(
        new TestStateCommand({
          definition: JSON.stringify(task),
          roleArn: ROLE,
          input: '{"x":1}',
          mock: { errorOutput: { error, cause: "why" } },
          ...(retried !== undefined ? { stateConfiguration: { retrierRetryCount: retried } } : {}),
        }),
      );
    expect(await run("Lambda.TooManyRequestsException")).toMatchObject({ status: "RETRIABLE", error: "Lambda.TooManyRequestsException", cause: "why" });
    expect(await run("Lambda.TooManyRequestsException", 2)).toMatchObject({ status: "FAILED" });
    const caught = await run("Custom.Error");
    expect(caught).toMatchObject({ status: "CAUGHT_ERROR", nextState: "Recover", error: "Custom.Error" });
    expect(JSON.parse(caught.output!)).toEqual({ x: 1, err: { Error: "Custom.Error", Cause: "why" } });
    expect(await run("Other")).toMatchObject({ status: "FAILED", error: "Other" });
  });

  it("tests one state of a whole definition by stateName, and Choice's next state", async () => {
    const definition = JSON.stringify({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Next: "C" },
        C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 1, Next: "Big" }], Default: "Small" },
        Big: { Type: "Succeed" },
        Small: { Type: "Succeed" },
      },
    });
    const out = await sfnClient(ctx).send(new TestStateCommand({ definition, stateName: "C", roleArn: ROLE, input: '{"n":5}' }));
    expect(out).toMatchObject({ status: "SUCCEEDED", nextState: "Big", output: '{"n":5}' });
  });

  it("reads variables given to it (JSONata)", async () => {
    const definition = JSON.stringify({ Type: "Pass", QueryLanguage: "JSONata", Output: "{% $greeting & ' ' & $states.input.name %}", End: true });
    const out = await sfnClient(ctx).send(new TestStateCommand({ definition, roleArn: ROLE, input: '{"name":"Ann"}', variables: '{"greeting":"Hello"}' }));
    expect(out).toMatchObject({ status: "SUCCEEDED", output: '"Hello Ann"' });
    expect(out.nextState).toBeUndefined();
  });

  it("rejects an invalid state", async () => {
    await expectAwsError(sfnClient(ctx).send(new TestStateCommand({ definition: JSON.stringify({ Type: "Nope" }), roleArn: ROLE })), { name: "InvalidDefinition" });
  });
});
