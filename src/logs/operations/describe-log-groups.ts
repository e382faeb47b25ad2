import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse, LogGroup } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { toLogGroup } from "../groups.js";
import { logsOperation } from "../state.js";
import { cursorToken, parseCursorToken } from "../tokens.js";

export const describeLogGroups = logsOperation<DescribeLogGroupsRequest, DescribeLogGroupsResponse>({
  name: "DescribeLogGroups",
  handle(input, ctx, state) {
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw logsErrors.invalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
    }
    const after = input.nextToken === undefined ? "" : parseCursorToken<{ after: string }>(input.nextToken, { after: "string" }).after;
    const limit = input.limit ?? 50;
    const prefix = input.logGroupNamePrefix ?? "";
    const pattern = input.logGroupNamePattern;
    const { ls } = state;
    const logGroups: LogGroup[] = [];
    let nextToken: string | undefined;
    for (const row of ls.groupsFrom.iterate({ account: ctx.accountId, region: ctx.region, prefixLength: prefix.length, prefix, after })) {
      if (pattern && !row.name.includes(pattern)) continue;
      if (input.logGroupClass && row.class !== input.logGroupClass) continue;
      if (logGroups.length === limit) {
        nextToken = cursorToken({ after: logGroups[logGroups.length - 1]!.logGroupName! });
        break;
      }
      const group = toLogGroup(ctx, row);
      // AWS documents that a pattern search returns only these three members.
      logGroups.push(pattern === undefined ? group : { logGroupName: group.logGroupName, creationTime: group.creationTime, arn: group.arn });
    }
    return { logGroups, nextToken };
  },
});
