import { s3Errors } from "./errors.js";

export interface Tag {
  Key: string;
  Value: string;
}

/** `x-amz-tagging: k1=v1&k2=v2` (URL-encoded query form). */
export function parseTaggingHeader(header: string | undefined): Tag[] | undefined {
  if (header === undefined) return undefined;
  const tags = [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
  validateTags(tags, 10);
  return tags;
}

export function validateTags(tags: Tag[], max: number): void {
  if (tags.length > max) throw s3Errors.invalidTag("Object tags cannot be greater than 10");
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.length === 0 || t.Key.length > 128) throw s3Errors.invalidTag("The TagKey you have provided is invalid");
    if (t.Value.length > 256) throw s3Errors.invalidTag("The TagValue you have provided is too long, max 256");
    if (seen.has(t.Key)) throw s3Errors.invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(t.Key);
  }
}
