import { defineOperation } from "../../../../src/core/service.js";

export const putThing = defineOperation({ name: "PutThing", handle: () => ({}) });
export const notAnOperation = { name: "Helper" };
export const limit = 3;
