import type { DescribeStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { describeAlias, requireAlias } from "./aliases.js";

export const describeStateMachineAlias = sfnOperation<DescribeStateMachineAliasInput, Record<string, unknown>>({
  name: "DescribeStateMachineAlias",
  handle(input, ctx, engine) {
    return describeAlias(requireAlias(engine, String(input.stateMachineAliasArn ?? "")));
  },
});
