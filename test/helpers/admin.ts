/** Calls a `/_local/*` route and returns status and parsed JSON. */
export async function adminCall(endpoint: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(new URL(path, endpoint), {
    method,
    // Admin POSTs must say they carry JSON (local-aws refuses others: a browser could send them cross-site).
    headers: body === undefined && method !== "POST" ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
