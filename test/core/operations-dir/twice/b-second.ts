import { defineOperation } from "../../../../src/core/service.js";

export const second = defineOperation({ name: "Same", handle: () => ({ from: "b" }) });
