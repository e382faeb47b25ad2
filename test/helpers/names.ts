import { randomBytes } from "node:crypto";

/** A name unique within the run, so tests can share one server without interfering. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}
