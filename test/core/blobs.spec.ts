import { existsSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BlobStore } from "../../src/core/blobs.js";

describe("BlobStore.release", () => {
  it("deletes a committed blob now, and tolerates one that is already gone", () => {
    const blobs = new BlobStore(undefined);
    try {
      const tx = blobs.begin();
      writeFileSync(tx.tempPath, "bytes");
      tx.commit();
      expect(blobs.exists(tx.id)).toBe(true);
      blobs.release(tx.id, false);
      expect(existsSync(blobs.pathOf(tx.id))).toBe(false);
      expect(() => blobs.release(tx.id, false)).not.toThrow();
    } finally {
      blobs.close();
    }
  });

  it("defers deletion while snapshots exist", () => {
    const blobs = new BlobStore(undefined);
    try {
      const tx = blobs.begin();
      writeFileSync(tx.tempPath, "bytes");
      tx.commit();
      blobs.release(tx.id, true);
      expect(blobs.exists(tx.id)).toBe(true);
      blobs.collectDeferred();
      expect(blobs.exists(tx.id)).toBe(false);
    } finally {
      blobs.close();
    }
  });
});
