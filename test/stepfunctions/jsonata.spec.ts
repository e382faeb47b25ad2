import { CreateStateMachineCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

async function runSync(definition: object, input: unknown): Promise<{ status?: string; output?: unknown; error?: string; cause?: string }> {
  const sfn = sfnClient(ctx);
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE, type: "EXPRESS" }));
  const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return { status: out.status, output: out.output ? JSON.parse(out.output) : undefined, error: out.error, cause: out.cause };
}

describe("JSONata and JSONPath give equal outputs", () => {
  const input = { order: { id: "o-1", items: [{ sku: "a", qty: 2 }, { sku: "b", qty: 0 }, { sku: "c", qty: 5 }] } };

  const jsonPath = {
    StartAt: "Pick",
    States: {
      Pick: { Type: "Pass", Parameters: { "id.$": "$.order.id", "items.$": "$.order.items" }, Assign: { "orderId.$": "$.id" }, Next: "Each" },
      Each: {
        Type: "Map",
        ItemsPath: "$.items",
        ItemSelector: { "sku.$": "$$.Map.Item.Value.sku", "qty.$": "$$.Map.Item.Value.qty" },
        ItemProcessor: {
          StartAt: "Check",
          States: {
            Check: { Type: "Choice", Choices: [{ Variable: "$.qty", NumericGreaterThan: 0, Next: "Keep" }], Default: "Drop" },
            Keep: { Type: "Pass", Parameters: { "sku.$": "$.sku" }, End: true },
            Drop: { Type: "Pass", Result: null, End: true },
          },
        },
        ResultPath: "$.checked",
        Next: "Both",
      },
      Both: {
        Type: "Parallel",
        Branches: [
          { StartAt: "Id", States: { Id: { Type: "Pass", Parameters: { "id.$": "$orderId" }, End: true } } },
          { StartAt: "Count", States: { Count: { Type: "Pass", Parameters: { "n.$": "States.ArrayLength($.checked)" }, End: true } } },
        ],
        End: true,
      },
    },
  };

  const jsonata = {
    QueryLanguage: "JSONata",
    StartAt: "Pick",
    States: {
      Pick: { Type: "Pass", Output: { id: "{% $states.input.order.id %}", items: "{% $states.input.order.items %}" }, Assign: { orderId: "{% $states.input.order.id %}" }, Next: "Each" },
      Each: {
        Type: "Map",
        Items: "{% $states.input.items %}",
        ItemSelector: { sku: "{% $states.context.Map.Item.Value.sku %}", qty: "{% $states.context.Map.Item.Value.qty %}" },
        ItemProcessor: {
          StartAt: "Check",
          States: {
            Check: { Type: "Choice", Choices: [{ Condition: "{% $states.input.qty > 0 %}", Next: "Keep" }], Default: "Drop" },
            Keep: { Type: "Pass", Output: { sku: "{% $states.input.sku %}" }, End: true },
            Drop: { Type: "Pass", Output: null, End: true },
          },
        },
        Output: "{% $merge([$states.input, { 'checked': $states.result }]) %}",
        Next: "Both",
      },
      Both: {
        Type: "Parallel",
        Branches: [
          { StartAt: "Id", States: { Id: { Type: "Pass", Output: { id: "{% $orderId %}" }, End: true } } },
          { StartAt: "Count", States: { Count: { Type: "Pass", Output: { n: "{% $count($states.input.checked) %}" }, End: true } } },
        ],
        End: true,
      },
    },
  };

  it("for Pass, Map, Choice, Parallel and variables", async () => {
    const a = await runSync(jsonPath, input);
    const b = await runSync(jsonata, input);
    expect(a).toEqual({ status: "SUCCEEDED", output: [{ id: "o-1" }, { n: 3 }] });
    expect(b).toEqual(a);
  });

  it("for Fail and Catch", async () => {
    const pathDef = {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", Branches: [{ StartAt: "F", States: { F: { Type: "Fail", ErrorPath: "$.code", CausePath: "$.why" } } }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "H" }], End: true },
        H: { Type: "Pass", Parameters: { "e.$": "$.Error", "c.$": "$.Cause" }, End: true },
      },
    };
    const ataDef = {
      QueryLanguage: "JSONata",
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Branches: [{ StartAt: "F", States: { F: { Type: "Fail", Error: "{% $states.input.code %}", Cause: "{% $states.input.why %}" } } }],
          Catch: [{ ErrorEquals: ["States.ALL"], Output: { e: "{% $states.errorOutput.Error %}", c: "{% $states.errorOutput.Cause %}" }, Next: "H" }],
          End: true,
        },
        H: { Type: "Pass", End: true },
      },
    };
    const a = await runSync(pathDef, { code: "Oops", why: "because" });
    expect(a.output).toEqual({ e: "Oops", c: "because" });
    expect(await runSync(ataDef, { code: "Oops", why: "because" })).toEqual(a);
  });
});

describe("JSONata specifics", () => {
  it("binds AWS's functions and reads $now from the emulator's clock", async () => {
    const out = await runSync(
      {
        QueryLanguage: "JSONata",
        StartAt: "P",
        States: {
          P: {
            Type: "Pass",
            Output: {
              parts: "{% $partition([1,2,3,4,5], 2) %}",
              range: "{% $range(0, 10, 5) %}",
              hash: "{% $hash('x', 'SHA-256') %}",
              parsed: "{% $parse('{\"a\":[1]}') %}",
              uuid: "{% $length($uuid()) %}",
              now: "{% $now() %}",
              seeded: "{% $random(7) = $random(7) %}",
            },
            End: true,
          },
        },
      },
      {},
    );
    expect(out.output).toEqual({
      parts: [[1, 2], [3, 4], [5]],
      range: [0, 5, 10],
      hash: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
      parsed: { a: [1] },
      uuid: 36,
      now: ctx.clock.now().toISOString(),
      seeded: true,
    });
  });

  it("fails with States.QueryEvaluationError, refusing $eval", async () => {
    const out = await runSync({ QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", Output: "{% $eval('1+1') %}", End: true } } }, {});
    expect(out.status).toBe("FAILED");
    expect(out.error).toBe("States.QueryEvaluationError");
  });

  it("rejects JSONPath-only fields in a JSONata state", async () => {
    const definition = JSON.stringify({ QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.a", End: true } } });
    await expectAwsError(sfnClient(ctx).send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition, roleArn: ROLE })), {
      name: "InvalidDefinition",
      message: /SCHEMA_VALIDATION_FAILED: The field "InputPath" is not supported for a state whose QueryLanguage is JSONata at \/States\/P/,
    });
  });

  it("takes Wait seconds from an expression and a state may mix languages", async () => {
    const out = await runSync(
      {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Parameters: { "n.$": "$.n" }, Next: "B" },
          B: { Type: "Wait", QueryLanguage: "JSONata", Seconds: "{% $states.input.n %}", Output: { waited: "{% $states.input.n %}" }, End: true },
        },
      },
      { n: 0 },
    );
    expect(out.output).toEqual({ waited: 0 });
  });
});
