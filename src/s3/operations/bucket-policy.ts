import { AwsError } from "../../core/errors.js";
import { subresourceOperations } from "./bucket-subresource.js";

export const [putBucketPolicy, getBucketPolicy, deleteBucketPolicy] = subresourceOperations<string>({
  query: "policy",
  name: "BucketPolicy",
  member: "Policy",
  parse(doc) {
    const text = Buffer.isBuffer(doc) ? doc.toString("utf8") : String(doc);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!text.trimStart().startsWith("{") || typeof parsed !== "object" || parsed === null) {
      throw new AwsError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", { status: 400 });
    }
    if (!("Statement" in parsed)) throw new AwsError("MalformedPolicy", "Missing required field Statement", { status: 400 });
    return text;
  },
  render: (text) => ({ Policy: text }),
  missing: { code: "NoSuchBucketPolicy", message: "The bucket policy does not exist" },
});
