/** What CloudFront sends an origin and what it gets back. */
import type { CachedResponse } from "../cache.js";

export interface OriginRequest {
  method: string;
  /** The path as sent (percent-encoded), the origin path not yet prefixed. */
  uri: string;
  /** The query string without `?` ("" for none). */
  querystring: string;
  /** Lower-case names: what the policies forward, CloudFront's own headers and the origin's custom headers. */
  headers: Record<string, string>;
  body?: Buffer;
}

export type OriginResponse = CachedResponse;
