import type { CreateEventBusRequest, CreateEventBusResponse } from "@aws-sdk/client-eventbridge";
import { tagsObject } from "../buses.js";
import { busArn, DEFAULT_BUS } from "../envelope.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation } from "../state.js";
import { BUS_NAME_PATTERN, Checks } from "../validate.js";

export const createEventBus = eventsOperation<CreateEventBusRequest, CreateEventBusResponse>({
  name: "CreateEventBus",
  handle(input, ctx, state) {
    new Checks().required("name", input.Name).string("name", input.Name, { min: 1, max: 256, pattern: BUS_NAME_PATTERN }).string("description", input.Description, { max: 512 }).done();
    const name = input.Name!;
    if (name.includes("/") && !input.EventSourceName) throw eventsErrors.validation("Event bus name must not contain '/'.");
    if (name === DEFAULT_BUS || state.es.getBus.get(ctx.accountId, ctx.region, name)) throw eventsErrors.busExists(name);
    const now = ctx.clock.now();
    state.es.putBus.run(ctx.accountId, ctx.region, name, input.Description ?? null, now, now, JSON.stringify(tagsObject(input.Tags)));
    return { EventBusArn: busArn(ctx, name), ...(input.Description !== undefined ? { Description: input.Description } : {}) };
  },
});
