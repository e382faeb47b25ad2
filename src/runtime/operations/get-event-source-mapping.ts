import { defineOperation } from "../../core/service.js";
import { wireView } from "../event-source-mappings/model.js";
import { runtimeOf } from "../runtime.js";
import { loadMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const getEventSourceMapping = defineOperation<MappingInput, MappingWire>({
  name: "GetEventSourceMapping",
  http: { method: "GET", path: "/2015-03-31/event-source-mappings/{UUID}" },
  handle(input, ctx) {
    return wireView(loadMapping(runtimeOf(ctx), ctx, input.UUID));
  },
});
