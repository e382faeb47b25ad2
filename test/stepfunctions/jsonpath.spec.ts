import { CreateStateMachineCommand, StartExecutionCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { describe as suite, expect, it } from "vitest";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

async function runSync(definition: object, input: unknown): Promise<{ status?: string; output?: unknown; error?: string; cause?: string }> {
  const sfn = sfnClient(ctx);
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE, type: "EXPRESS" }));
  const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return { status: out.status, output: out.output ? JSON.parse(out.output) : undefined, error: out.error, cause: out.cause };
}

suite("JSONPath processing", () => {
  it("applies InputPath, Parameters, ResultSelector, ResultPath and OutputPath in order", async () => {
    const out = await runSync(
      {
        StartAt: "P",
        States: {
          P: {
            Type: "Pass",
            InputPath: "$.data",
            Parameters: { "v.$": "$.value", "name.$": "$$.State.Name", fixed: 1 },
            ResultPath: "$.data.result",
            OutputPath: "$.data",
            End: true,
          },
        },
      },
      { data: { value: 42 }, other: true },
    );
    expect(out).toMatchObject({ status: "SUCCEEDED", output: { value: 42, result: { v: 42, name: "P", fixed: 1 } } });
  });

  it("evaluates intrinsic functions", async () => {
    const out = await runSync(
      {
        StartAt: "P",
        States: {
          P: {
            Type: "Pass",
            Parameters: {
              "greeting.$": "States.Format('Hello, {}! You are {}.', $.name, $.age)",
              "json.$": "States.JsonToString($.obj)",
              "parsed.$": "States.StringToJson('{\"a\":1}')",
              "arr.$": "States.Array(1, 'two', $.age)",
              "parts.$": "States.ArrayPartition(States.ArrayRange(1, 7, 1), 3)",
              "contains.$": "States.ArrayContains($.list, 2)",
              "item.$": "States.ArrayGetItem($.list, 1)",
              "len.$": "States.ArrayLength($.list)",
              "unique.$": "States.ArrayUnique(States.Array(1, 1, 2))",
              "b64.$": "States.Base64Encode('hi')",
              "plain.$": "States.Base64Decode('aGk=')",
              "hash.$": "States.Hash('x', 'SHA-256')",
              "merged.$": "States.JsonMerge($.obj, States.StringToJson('{\"b\":2}'), false)",
              "sum.$": "States.MathAdd($.age, -1)",
              "split.$": "States.StringSplit('a,b;c', ',;')",
              "rand.$": "States.MathRandom(1, 10, 7)",
            },
            End: true,
          },
        },
      },
      { name: "Ann", age: 30, obj: { a: 1 }, list: [1, 2, 3] },
    );
    expect(out.status).toBe("SUCCEEDED");
    expect(out.output).toMatchObject({
      greeting: "Hello, Ann! You are 30.",
      json: '{"a":1}',
      parsed: { a: 1 },
      arr: [1, "two", 30],
      parts: [[1, 2, 3], [4, 5, 6], [7]],
      contains: true,
      item: 2,
      len: 3,
      unique: [1, 2],
      b64: "aGk=",
      plain: "hi",
      hash: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
      merged: { a: 1, b: 2 },
      sum: 29,
      split: ["a", "b", "c"],
    });
    const rand = (out.output as { rand: number }).rand;
    expect(rand).toBeGreaterThanOrEqual(1);
    expect(rand).toBeLessThan(10);
  });

  it("fails with States.Runtime when a path selects nothing", async () => {
    const out = await runSync({ StartAt: "P", States: { P: { Type: "Pass", Parameters: { "x.$": "$.missing" }, End: true } } }, { a: 1 });
    expect(out.status).toBe("FAILED");
    expect(out.error).toBe("States.Runtime");
    expect(out.cause).toContain("'$.missing'");
  });

  it("chooses with every kind of comparator, And/Or/Not and Default", async () => {
    const def = {
      StartAt: "C",
      States: {
        C: {
          Type: "Choice",
          Choices: [
            { And: [{ Variable: "$.n", NumericGreaterThanEquals: 10 }, { Not: { Variable: "$.s", StringEquals: "no" } }], Next: "Big" },
            { Or: [{ Variable: "$.s", StringMatches: "log-*.txt" }, { Variable: "$.b", BooleanEquals: true }], Next: "Match" },
            { Variable: "$.t", TimestampLessThanPath: "$.limit", Next: "Early" },
            { Variable: "$.maybe", IsPresent: false, Next: "Absent" },
          ],
          Default: "Other",
        },
        Big: { Type: "Pass", Result: "big", End: true },
        Match: { Type: "Pass", Result: "match", End: true },
        Early: { Type: "Pass", Result: "early", End: true },
        Absent: { Type: "Pass", Result: "absent", End: true },
        Other: { Type: "Pass", Result: "other", End: true },
      },
    };
    expect((await runSync(def, { n: 12, s: "yes", b: false, maybe: 1 })).output).toBe("big");
    expect((await runSync(def, { n: 1, s: "log-1.txt", b: false, maybe: 1 })).output).toBe("match");
    expect((await runSync(def, { n: 1, s: "x", b: false, t: "2024-01-01T00:00:00Z", limit: "2024-06-01T00:00:00.5Z", maybe: 1 })).output).toBe("early");
    expect((await runSync(def, { n: 1, s: "x", b: false, t: "2025-01-01T00:00:00Z", limit: "2024-01-01T00:00:00Z" })).output).toBe("absent");
    expect((await runSync(def, { n: 1, s: "x", b: false, t: "2025-01-01T00:00:00Z", limit: "2024-01-01T00:00:00Z", maybe: 1 })).output).toBe("other");
    // A comparison whose Variable selects nothing fails the execution, as on AWS.
    expect((await runSync(def, { n: 1, s: "x" })).error).toBe("States.Runtime");
  });

  it("runs Parallel branches and Map iterations with ItemSelector and MaxConcurrency", async () => {
    const out = await runSync(
      {
        StartAt: "Par",
        States: {
          Par: {
            Type: "Parallel",
            Branches: [
              { StartAt: "A", States: { A: { Type: "Pass", Parameters: { "x.$": "$.k" }, End: true } } },
              { StartAt: "B", States: { B: { Type: "Pass", Result: "b", End: true } } },
            ],
            ResultPath: "$.par",
            Next: "M",
          },
          M: {
            Type: "Map",
            ItemsPath: "$.items",
            MaxConcurrency: 2,
            ItemSelector: { "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "k.$": "$.k" },
            ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "D", States: { D: { Type: "Pass", End: true } } },
            ResultPath: "$.mapped",
            End: true,
          },
        },
      },
      { k: "K", items: ["a", "b", "c"] },
    );
    expect(out.output).toEqual({
      k: "K",
      items: ["a", "b", "c"],
      par: [{ x: "K" }, "b"],
      mapped: [
        { value: "a", index: 0, k: "K" },
        { value: "b", index: 1, k: "K" },
        { value: "c", index: 2, k: "K" },
      ],
    });
  });

  it("catches a Fail in a branch as the Parallel's error with ResultPath", async () => {
    const out = await runSync(
      {
        StartAt: "Par",
        States: {
          Par: {
            Type: "Parallel",
            Branches: [{ StartAt: "F", States: { F: { Type: "Fail", Error: "Custom.Boom", Cause: "because" } } }],
            Catch: [{ ErrorEquals: ["Custom.Boom"], ResultPath: "$.err", Next: "Done" }],
            End: true,
          },
          Done: { Type: "Pass", End: true },
        },
      },
      { a: 1 },
    );
    expect(out.output).toEqual({ a: 1, err: { Error: "Custom.Boom", Cause: "because" } });
  });

  it("assigns variables and reads them in later states", async () => {
    const out = await runSync(
      {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Assign: { "total.$": "$.n", label: "x" }, Next: "B" },
          B: { Type: "Pass", Parameters: { "t.$": "$total", "l.$": "$label" }, End: true },
        },
      },
      { n: 5 },
    );
    expect(out.output).toEqual({ t: 5, l: "x" });
  });
});

suite("Wait on the virtual clock", () => {
  it("finishes a 30-day wait when the clock moves 30 days, with history timestamps on the clock", async () => {
    const sfn = sfnClient(ctx);
    const def = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 30 * 24 * 3600, Next: "Done" }, Done: { Type: "Succeed" } } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(def), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"x":1}' }));
    await ctx.aws.settle();
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    const started = Date.now();
    await ctx.clock.advance(30 * 24 * 3600 * 1000 - 1000);
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await ctx.clock.advance(1000);
    const done = await describe(sfn, executionArn!);
    expect(done).toMatchObject({ status: "SUCCEEDED", output: '{"x":1}' });
    expect(Date.now() - started).toBeLessThan(5000);
    const events = await history(sfn, executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "WaitStateEntered",
      "WaitStateExited",
      "SucceedStateEntered",
      "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    expect(events[2]!.timestamp!.getTime() - events[1]!.timestamp!.getTime()).toBe(30 * 24 * 3600 * 1000);
    expect(events.map((e) => [e.id, e.previousEventId])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [5, 4], [6, 5]]);
    expect(events[1]!.stateEnteredEventDetails).toEqual({ name: "W", input: '{"x":1}', inputDetails: { truncated: false } });
  });

  it("waits until a TimestampPath with fractions", async () => {
    const sfn = sfnClient(ctx);
    const def = { StartAt: "W", States: { W: { Type: "Wait", TimestampPath: "$.at", End: true } } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(def), roleArn: ROLE }));
    const at = new Date(ctx.clock.now().getTime() + 90_500).toISOString();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ at }) }));
    await ctx.clock.advance(90_000);
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await ctx.clock.advance(500);
    expect((await describe(sfn, executionArn!)).status).toBe("SUCCEEDED");
  });
});
