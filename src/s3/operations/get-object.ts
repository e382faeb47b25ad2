import { readObject, type ReadInput } from "../read-object.js";
import { s3Operation } from "../wire.js";

export const getObject = s3Operation<ReadInput, Record<string, unknown>>({
  name: "GetObject",
  wire: { outputStatus: "Status" },
  handle(input, ctx) {
    return readObject(ctx, input, "GET", true);
  },
});
