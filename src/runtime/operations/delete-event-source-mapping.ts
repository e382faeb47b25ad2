import { lambdaOperation } from "../state.js";
import { wireView } from "../event-source-mappings/model.js";
import { loadMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const deleteEventSourceMapping = lambdaOperation<MappingInput, MappingWire>({
  name: "DeleteEventSourceMapping",
  http: { method: "DELETE", path: "/2015-03-31/event-source-mappings/{UUID}", status: 202 },
  handle(input, ctx, rt) {
    const c = loadMapping(rt, ctx, input.UUID);
    rt.stmts.deleteEsm.run(c.UUID);
    rt.mappings.remove(c.UUID);
    return wireView(c, "Deleting");
  },
});
