import type { DescribeStateMachineAliasInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfn } from "../machines.js";
import { describeAlias, requireAlias } from "./aliases.js";

export const describeStateMachineAlias = defineOperation<DescribeStateMachineAliasInput, Record<string, unknown>>({
  name: "DescribeStateMachineAlias",
  handle(input, ctx) {
    return describeAlias(requireAlias(sfn(ctx), String(input.stateMachineAliasArn ?? "")));
  },
});
