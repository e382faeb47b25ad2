import { corsXml, parseCors, type CorsRule } from "../cors.js";
import { subresourceOperations } from "./bucket-subresource.js";

export const [putBucketCors, getBucketCors, deleteBucketCors] = subresourceOperations<CorsRule[]>({
  query: "cors",
  name: "BucketCors",
  member: "CORSConfiguration",
  xmlRoot: "CORSConfiguration",
  parse: parseCors,
  render: corsXml,
  missing: { code: "NoSuchCORSConfiguration", message: "The CORS configuration does not exist" },
});
