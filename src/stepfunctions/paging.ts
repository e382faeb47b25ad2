/** Offset paging with opaque tokens, and AWS's checks of maxResults and nextToken. */
import { constraint } from "./errors.js";
import { AwsError } from "../core/errors.js";

export function page<T>(rows: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  if (maxResults !== undefined && (maxResults < 0 || maxResults > 1000)) throw constraint("maxResults", maxResults, "Member must have value less than or equal to 1000");
  const size = maxResults && maxResults > 0 ? maxResults : 100;
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!decoded) throw new AwsError("InvalidToken", `Invalid Token: 'Invalid token'`);
    start = Number(decoded[1]);
  }
  const items = rows.slice(start, start + size);
  const more = start + size < rows.length;
  return { items, ...(more ? { nextToken: Buffer.from(`o${start + size}`).toString("base64url") } : {}) };
}
