import { defineOperation } from "../../core/service.js";
import { wireView } from "../event-source-mappings/model.js";
import { pollersOf } from "../event-source-mappings/poller.js";
import { runtimeOf } from "../runtime.js";
import { loadMapping, type MappingInput, type MappingWire } from "../event-source-mappings/validation.js";

export const deleteEventSourceMapping = defineOperation<MappingInput, MappingWire>({
  name: "DeleteEventSourceMapping",
  http: { method: "DELETE", path: "/2015-03-31/event-source-mappings/{UUID}", status: 202 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const c = loadMapping(rt, ctx, input.UUID);
    rt.stmts.deleteEsm.run(c.UUID);
    pollersOf(rt).remove(c.UUID);
    return wireView(c, "Deleting");
  },
});
