import { lambdaOperation } from "../state.js";
import { wireView } from "../event-source-mappings/model.js";
import { loadMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const getEventSourceMapping = lambdaOperation<MappingInput, MappingWire>({
  name: "GetEventSourceMapping",
  handle(input, ctx, rt) {
    return wireView(loadMapping(rt, ctx, input.UUID));
  },
});
