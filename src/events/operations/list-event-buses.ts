import type { EventBus, ListEventBusesRequest, ListEventBusesResponse } from "@aws-sdk/client-eventbridge";
import { decodeToken, page } from "../buses.js";
import { busArn, DEFAULT_BUS } from "../envelope.js";
import { eventsOperation } from "../state.js";
import { BUS_NAME_PATTERN, Checks } from "../validate.js";

export const listEventBuses = eventsOperation<ListEventBusesRequest, ListEventBusesResponse>({
  name: "ListEventBuses",
  handle(input, ctx, state) {
    new Checks()
      .string("namePrefix", input.NamePrefix, { min: 1, max: 256, pattern: BUS_NAME_PATTERN })
      .int("limit", input.Limit, 1, 100)
      .string("nextToken", input.NextToken, { min: 1, max: 2048 })
      .done();
    const after = decodeToken(input.NextToken);
    const prefix = input.NamePrefix ?? "";
    const buses: EventBus[] = [];
    if (DEFAULT_BUS.startsWith(prefix) && DEFAULT_BUS > after) buses.push({ Name: DEFAULT_BUS, Arn: busArn(ctx, DEFAULT_BUS) });
    for (const row of state.es.listBuses.all(ctx.accountId, ctx.region, after, prefix, prefix)) {
      buses.push({
        Name: row.name,
        Arn: busArn(ctx, row.name),
        ...(row.description !== null ? { Description: row.description } : {}),
        CreationTime: new Date(row.created),
        LastModifiedTime: new Date(row.modified),
      });
    }
    buses.sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
    const { items, next } = page(buses, input.Limit, (b) => b.Name!);
    return { EventBuses: items, ...(next ? { NextToken: next } : {}) };
  },
});
