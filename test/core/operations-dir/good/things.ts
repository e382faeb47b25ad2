import { defineOperation } from "../../../../src/core/service.js";

/** A group of operations exported as one array. */
export const thingOperations = [
  defineOperation({ name: "ListThings", handle: () => ({ things: [] }) }),
  defineOperation({ name: "DeleteThing", handle: () => ({}) }),
];
export const names = ["not", "operations"];
