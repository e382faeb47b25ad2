import type { TestStateInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { runTestState } from "../test-state.js";

export const testState = defineOperation<TestStateInput, Record<string, unknown>>({
  name: "TestState",
  handle(input, ctx) {
    return runTestState(input, ctx);
  },
});
