/** Skipped by operationsIn: a folder's index module is where it is called from. */
export const indexOperation = { name: "FromIndex", handle: () => ({}) };
