/** When PublishVersion may reuse the latest version instead of creating one. */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";

export function sameConfig(a: FunctionConfiguration, b: FunctionConfiguration): boolean {
  const keys = ["Handler", "Runtime", "MemorySize", "Timeout", "Role"] as const;
  return keys.every((k) => a[k] === b[k]) && JSON.stringify(a.Environment ?? {}) === JSON.stringify(b.Environment ?? {});
}
