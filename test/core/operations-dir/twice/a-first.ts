import { defineOperation } from "../../../../src/core/service.js";

export const first = defineOperation({ name: "Same", handle: () => ({ from: "a" }) });
