import type { HttpResponse } from "../../core/service.js";

/**
 * Adds one Set-Cookie header per cookie. A response's headers are a name → string map, so each
 * extra cookie is written under another letter case of the name (`set-cookie`, `Set-cookie`, ...):
 * header names are case-insensitive, and clients see separate Set-Cookie headers, as AWS sends them.
 */
export function setCookies(response: HttpResponse, cookies: string[]): void {
  let i = 0;
  for (const cookie of cookies) {
    let name: string;
    do name = caseVariant("set-cookie", i++);
    while (name in response.headers);
    response.headers[name] = cookie;
  }
}

function caseVariant(name: string, n: number): string {
  let out = "";
  let bit = 0;
  for (const c of name) {
    if (c >= "a" && c <= "z") out += (n >> bit++) & 1 ? c.toUpperCase() : c;
    else out += c;
  }
  return out;
}
