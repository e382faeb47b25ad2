import { lambdaOperation } from "../state.js";
import { wireView } from "../event-source-mappings/model.js";
import { loadMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const deleteEventSourceMapping = lambdaOperation<MappingInput, MappingWire>({
  name: "DeleteEventSourceMapping",
  handle(input, ctx, rt) {
    const c = loadMapping(rt, ctx, input.UUID);
    rt.stmts.deleteEsm.run(c.UUID);
    rt.mappings.remove(c.UUID);
    return wireView(c, "Deleting");
  },
});
