/** SNS Query responses wrap lists in `member` and maps in `entry` (key/value). */
export function members<T>(list: T[] | undefined): { member: T[] } | undefined {
  return list === undefined ? undefined : { member: list };
}

export function entries(map: Record<string, string> | undefined): { entry: { key: string; value: string }[] } | undefined {
  return map === undefined ? undefined : { entry: Object.entries(map).map(([key, value]) => ({ key, value })) };
}

export function asList<T>(value: unknown): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  // The Query protocol sends an empty list as a bare `Name=`.
  if (value === "") return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function pageToken(after: string): string {
  return Buffer.from(after).toString("base64");
}

export function afterToken(token: string | undefined): string {
  return token ? Buffer.from(token, "base64").toString("utf8") : "";
}
