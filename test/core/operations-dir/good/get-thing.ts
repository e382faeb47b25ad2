import { defineOperation } from "../../../../src/core/service.js";

export const getThing = defineOperation({ name: "GetThing", handle: () => ({ thing: 1 }) });
/** Re-exported under a second name: still one operation. */
export const getThingAgain = getThing;
