import { randomBytes } from "node:crypto";

/** `<ms, 14 digits>-<8 hex>`: the ids AWS gives exports and imports. */
export function transferId(now: number): string {
  return `${String(now).padStart(14, "0")}-${randomBytes(4).toString("hex")}`;
}

/** Data file names of an export: 26 lowercase letters and digits. */
export function dataFileName(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join("");
}
