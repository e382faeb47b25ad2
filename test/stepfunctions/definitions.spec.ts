import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();
const pass = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });

describe("ValidateStateMachineDefinition", () => {
  it("answers OK for a good definition", async () => {
    const out = await sfnClient(ctx).send(new ValidateStateMachineDefinitionCommand({ definition: pass }));
    expect(out.result).toBe("OK");
    expect(out.diagnostics).toEqual([]);
  });

  it("reports a missing Next target and an unreachable state with AWS's codes and locations", async () => {
    const definition = JSON.stringify({ StartAt: "pass1", States: { pass1: { Type: "Pass", Next: "pass3" }, pass2: { Type: "Pass", End: true } } });
    const out = await sfnClient(ctx).send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(out.result).toBe("FAIL");
    expect(out.diagnostics).toContainEqual({ severity: "ERROR", code: "MISSING_TRANSITION_TARGET", message: "Missing 'Next' target: pass3", location: "/States/pass1/Next" });
    expect(out.diagnostics).toContainEqual({ severity: "ERROR", code: "MISSING_TRANSITION_TARGET", message: 'State "pass2" is not reachable.', location: "/States/pass2" });
  });

  it("reports schema errors, duplicate names across branches and invalid JSON", async () => {
    const sfn = sfnClient(ctx);
    const bad = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Bogus", End: true } } }) }));
    expect(bad.diagnostics?.[0]).toMatchObject({ code: "SCHEMA_VALIDATION_FAILED", location: "/States/A/Type" });
    const dup = JSON.stringify({
      StartAt: "P",
      States: { P: { Type: "Parallel", End: true, Branches: [{ StartAt: "X", States: { X: { Type: "Pass", End: true } } }, { StartAt: "X", States: { X: { Type: "Pass", End: true } } }] } },
    });
    const d = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: dup }));
    expect(d.diagnostics?.map((x) => x.code)).toContain("DUPLICATE_STATE_NAME");
    const json = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: "{" }));
    expect(json.diagnostics?.[0]?.code).toBe("INVALID_JSON_DESCRIPTION");
  });

  it("warns NO_DOLLAR only when asked for warnings", async () => {
    const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Parameters: { a: "$.x" }, End: true } } });
    const errorsOnly = await sfnClient(ctx).send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(errorsOnly).toMatchObject({ result: "OK", diagnostics: [] });
    const all = await sfnClient(ctx).send(new ValidateStateMachineDefinitionCommand({ definition, severity: "WARNING" }));
    expect(all.diagnostics).toEqual([{ severity: "WARNING", code: "NO_DOLLAR", message: "No .$ on a field that appears to be a JSONPath or Intrinsic Function.", location: "/States/P/Parameters/a" }]);
  });

  it("reports a workflow with no terminal state", async () => {
    const definition = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } } });
    const out = await sfnClient(ctx).send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(out.diagnostics).toContainEqual({ severity: "ERROR", code: "MISSING_END_STATE", message: "Workflow has no terminal state", location: "/" });
  });
});

describe("CreateStateMachine", () => {
  it("rejects a bad definition with InvalidDefinition in AWS's text", async () => {
    const definition = JSON.stringify({ StartAt: "pass1", States: { pass1: { Type: "Pass", Next: "pass3" } } });
    await expectAwsError(sfnClient(ctx).send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition, roleArn: ROLE })), {
      name: "InvalidDefinition",
      status: 400,
      message: "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_END_STATE: Workflow has no terminal state at /'",
    });
  });

  it("rejects callbacks in an EXPRESS machine", async () => {
    const definition = JSON.stringify({ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", End: true } } });
    await expectAwsError(sfnClient(ctx).send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition, roleArn: ROLE, type: "EXPRESS" })), {
      name: "InvalidDefinition",
      message: /Express state machine does not support '.waitForTaskToken'/,
    });
  });

  it("creates, describes, lists, updates, tags, publishes and deletes", async () => {
    const sfn = sfnClient(ctx);
    const name = uniqueName("sm");
    const created = await sfn.send(new CreateStateMachineCommand({ name, definition: pass, roleArn: ROLE, tags: [{ key: "team", value: "a" }] }));
    expect(created.stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    const again = await sfn.send(new CreateStateMachineCommand({ name, definition: pass, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(created.stateMachineArn);
    await expectAwsError(sfn.send(new CreateStateMachineCommand({ name, definition: pass.replace("P", "Q").replace('"P"', '"Q"'), roleArn: ROLE })), {
      name: "StateMachineAlreadyExists",
      message: `State Machine Already Exists: '${created.stateMachineArn}'`,
    });
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name, status: "ACTIVE", type: "STANDARD", definition: pass, roleArn: ROLE, loggingConfiguration: { level: "OFF" } });
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toContain(name);
    const wait = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, End: true } } });
    const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: wait, publish: true }));
    expect(updated.stateMachineVersionArn).toBe(`${created.stateMachineArn}:1`);
    const v = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: created.stateMachineArn }));
    expect(v.stateMachineVersionArn).toBe(`${created.stateMachineArn}:1`);
    await sfn.send(new TagResourceCommand({ resourceArn: created.stateMachineArn, tags: [{ key: "env", value: "dev" }] }));
    const tags = await sfn.send(new ListTagsForResourceCommand({ resourceArn: created.stateMachineArn }));
    expect(tags.tags).toEqual([{ key: "team", value: "a" }, { key: "env", value: "dev" }]);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await expectAwsError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })), {
      name: "StateMachineDoesNotExist",
      message: `State Machine Does Not Exist: '${created.stateMachineArn}'`,
    });
  });

  it("refuses an execution ARN where a state machine ARN is expected", async () => {
    await expectAwsError(sfnClient(ctx).send(new DescribeStateMachineCommand({ stateMachineArn: "arn:aws:states:us-east-1:000000000000:execution:a:b" })), {
      name: "InvalidArn",
      message: "Invalid Arn: 'Resource type not valid in this context: execution'",
    });
  });
});
