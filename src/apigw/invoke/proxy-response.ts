/** Turns a Lambda proxy integration's result into the HTTP response, as REST APIs and HTTP APIs do. */
import type { HttpResponse } from "../../core/service.js";

const V1_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

/**
 * REST APIs (and HTTP APIs' payload 1.0): a JSON object with a statusCode and at most these five
 * keys, a string body; anything else is a malformed Lambda proxy response (undefined here).
 */
export function v1ProxyResponse(result: unknown): HttpResponse | undefined {
  if (!result || typeof result !== "object" || Array.isArray(result)) return undefined;
  const r = result as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!V1_KEYS.has(key)) return undefined;
  const status = typeof r.statusCode === "string" && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== "string") return undefined;
  const headers: Record<string, string> = {};
  if (!addHeaders(headers, r.headers, false) || !addHeaders(headers, r.multiValueHeaders, true)) return undefined;
  const text = typeof r.body === "string" ? r.body : "";
  const body = r.isBase64Encoded === true ? Buffer.from(text, "base64") : text;
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  return { status, headers, body };
}

function addHeaders(out: Record<string, string>, value: unknown, multi: boolean): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const values = multi ? v : [v];
    if (!Array.isArray(values)) return false;
    for (const one of values) {
      if (one !== null && typeof one === "object") return false;
      if (one === null || one === undefined) continue;
      const existing = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase());
      if (existing && multi) out[existing] = `${out[existing]}, ${String(one)}`;
      else out[existing ?? name] = String(one);
    }
  }
  return true;
}

/**
 * HTTP APIs' payload 2.0: a result with a `statusCode` is a response; any other valid JSON is the
 * body of a 200 `application/json` response. `cookies` become Set-Cookie headers.
 */
export function v2ProxyResponse(payload: Buffer): HttpResponse | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!result || typeof result !== "object" || Array.isArray(result) || !("statusCode" in result)) {
    return { status: 200, headers: { "content-type": "application/json" }, body: payload.toString("utf8") };
  }
  const r = result as Record<string, unknown>;
  const status = typeof r.statusCode === "string" && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (r.body !== undefined && r.body !== null && typeof r.body !== "string") return undefined;
  const headers: Record<string, string> = {};
  if (!addHeaders(headers, r.headers, false) || !addHeaders(headers, r.multiValueHeaders, true)) return undefined;
  const text = typeof r.body === "string" ? r.body : "";
  const response: HttpResponse = { status, headers, body: r.isBase64Encoded === true ? Buffer.from(text, "base64") : text };
  if (Array.isArray(r.cookies) && r.cookies.length > 0) (response as { cookies?: string[] }).cookies = r.cookies.map(String);
  return response;
}
