/** operationsIn: a service's operations found from the files of its operations folder. */
import { describe, expect, it } from "vitest";
import { operationsIn } from "../../src/core/operations-dir.js";

describe("operationsIn", () => {
  it("collects every OperationDef the folder's modules export, once each, alone or in arrays, skipping index and non-operations", async () => {
    const ops = await operationsIn(new URL("./operations-dir/good/", import.meta.url));
    expect(ops.map((o) => o.name)).toEqual(["GetThing", "PutThing", "ListThings", "DeleteThing"]);
  });

  it("takes the URL of a file in the folder as well as the folder's", async () => {
    const ops = await operationsIn(new URL("./operations-dir/good/index.ts", import.meta.url).href);
    expect(ops.map((o) => o.name)).toEqual(["GetThing", "PutThing", "ListThings", "DeleteThing"]);
  });

  it("refuses two operations of one name, naming both files", async () => {
    await expect(operationsIn(new URL("./operations-dir/twice/", import.meta.url))).rejects.toThrow(/operation Same is exported by both a-first\.ts and b-second\.ts/);
  });
});
