import { readObject, type ReadInput } from "../read-object.js";
import { s3Operation } from "../wire.js";

export const headObject = s3Operation<ReadInput, Record<string, unknown>>({
  name: "HeadObject",
  wire: { outputStatus: "Status" },
  handle(input, ctx) {
    return readObject(ctx, input, "HEAD", false);
  },
});
