import type { DescribeEventBusRequest, DescribeEventBusResponse } from "@aws-sdk/client-eventbridge";
import { busArn, busName, DEFAULT_BUS } from "../envelope.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation } from "../state.js";
import { BUS_OR_ARN_PATTERN, Checks } from "../validate.js";

export const describeEventBus = eventsOperation<DescribeEventBusRequest, DescribeEventBusResponse>({
  name: "DescribeEventBus",
  handle(input, ctx, state) {
    new Checks().string("name", input.Name, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN }).done();
    const name = busName(input.Name);
    if (name === DEFAULT_BUS) return { Name: DEFAULT_BUS, Arn: busArn(ctx, DEFAULT_BUS) };
    const row = state.es.getBus.get(ctx.accountId, ctx.region, name);
    if (!row) throw eventsErrors.busNotFound(name);
    return {
      Name: row.name,
      Arn: busArn(ctx, row.name),
      ...(row.description !== null ? { Description: row.description } : {}),
      CreationTime: new Date(row.created),
      LastModifiedTime: new Date(row.modified),
    };
  },
});
