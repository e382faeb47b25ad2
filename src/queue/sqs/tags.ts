/** Queue tags: AWS allows 50, keys up to 128 characters, values up to 256. */
import { sqsErrors } from "../errors.js";

export function validateTags(tags: Record<string, string>): void {
  const keys = Object.keys(tags);
  if (keys.length > 50) throw sqsErrors.invalidParameterValue("Too many tags added for queue. The maximum number of tags is 50.");
  for (const k of keys) {
    if (k.length === 0 || k.length > 128) throw sqsErrors.invalidParameterValue(`Tag key must be between 1 and 128 characters: ${k}`);
    if (String(tags[k]).length > 256) throw sqsErrors.invalidParameterValue(`Tag value must be at most 256 characters: ${k}`);
  }
}
