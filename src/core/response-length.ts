import type { HttpResponse } from "./service.js";

/**
 * The byte length of a buffered response body, and the Content-Length to add when the service set
 * none (none at all for an empty 204/304). Both HTTP paths frame responses with it.
 */
export function bufferedLength(response: HttpResponse): { length: number; contentLength: string | undefined } {
  const body = response.body;
  const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body, "utf8") : (body as Buffer).length;
  if ("content-length" in response.headers) return { length, contentLength: undefined };
  if (body !== undefined) return { length, contentLength: String(length) };
  return { length, contentLength: response.status !== 204 && response.status !== 304 ? "0" : undefined };
}
