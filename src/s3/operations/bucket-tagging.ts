import { asList } from "../../core/protocols/xml.js";
import { s3Errors } from "../errors.js";
import { validateTags, type Tag } from "../tagging.js";
import { subresourceOperations } from "./bucket-subresource.js";

export function parseTagSet(doc: unknown, max: number): Tag[] {
  const set = (doc as { TagSet?: { Tag?: unknown } | "" } | undefined)?.TagSet;
  if (set === undefined) throw s3Errors.malformedXml();
  const tags = asList<{ Key?: string; Value?: string }>(set === "" ? undefined : set.Tag).map((t) => ({ Key: t.Key ?? "", Value: t.Value ?? "" }));
  validateTags(tags, max);
  return tags;
}

export const [putBucketTagging, getBucketTagging, deleteBucketTagging] = subresourceOperations<Tag[]>({
  query: "tagging",
  name: "BucketTagging",
  member: "Tagging",
  xmlRoot: "Tagging",
  parse: (doc) => parseTagSet(doc, 50),
  render: (tags) => ({ TagSet: { Tag: tags } }),
  missing: { code: "NoSuchTagSet", message: "The TagSet does not exist" },
});
