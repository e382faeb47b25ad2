import { READ_HEADERS, READ_QUERY, readObject, type ReadInput } from "../read-object.js";
import { OBJECT_OUTPUT_HEADERS, s3Operation } from "../wire.js";

export const getObject = s3Operation<ReadInput, Record<string, unknown>>({
  name: "GetObject",
  http: {
    method: "GET",
    path: "/{Bucket}/{Key+}",
    query: READ_QUERY,
    headers: READ_HEADERS,
    outputHeaders: OBJECT_OUTPUT_HEADERS,
    outputPrefixHeaders: { Metadata: "x-amz-meta-" },
    outputStatus: "Status",
    outputPayload: "Body",
  },
  handle(input, ctx) {
    return readObject(ctx, input, "GET", true);
  },
});
