import type { DeleteEventBusRequest } from "@aws-sdk/client-eventbridge";
import { DEFAULT_BUS } from "../envelope.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation } from "../state.js";
import { BUS_NAME_PATTERN, Checks } from "../validate.js";

/** Deleting a bus that does not exist succeeds, as on AWS; its rules and targets go with it. */
export const deleteEventBus = eventsOperation<DeleteEventBusRequest, Record<string, never>>({
  name: "DeleteEventBus",
  handle(input, ctx, state) {
    new Checks().required("name", input.Name).string("name", input.Name, { min: 1, max: 256, pattern: BUS_NAME_PATTERN }).done();
    if (input.Name === DEFAULT_BUS) throw eventsErrors.validation("Cannot delete event bus default.");
    const { es } = state;
    es.store.txn(() => {
      es.deleteBusTargets.run(ctx.accountId, ctx.region, input.Name);
      es.deleteBusRules.run(ctx.accountId, ctx.region, input.Name);
      es.deleteBus.run(ctx.accountId, ctx.region, input.Name);
    });
    return {};
  },
});
