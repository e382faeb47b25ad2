import type { TestStateInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { runTestState } from "../test-state.js";

export const testState = sfnOperation<TestStateInput, Record<string, unknown>>({
  name: "TestState",
  handle(input, ctx, engine) {
    return runTestState(engine, input, ctx);
  },
});
