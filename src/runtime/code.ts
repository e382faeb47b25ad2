/**
 * Function code: zips are validated (size limits, no entry escaping its directory), kept as an
 * immutable blob, and extracted into a directory named after the blob id (ours, hex only) under
 * the runtime's code root. The root holds a `node_modules` link to the emulator's own modules, so
 * code that does not bundle the AWS SDK resolves ours (AWS's Node.js runtimes provide it too).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, normalize, sep } from "node:path";
import { unzipSync } from "fflate";
import type { BlobStore } from "../core/blobs.js";
import { hexId } from "../core/ids.js";
import { lambdaErrors } from "./errors.js";

export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface StoredCode {
  codeId: string;
  sha256: string;
  size: number;
}

export function unzipChecked(zip: Buffer): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    throw lambdaErrors.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  let total = 0;
  for (const [name, data] of Object.entries(files)) {
    total += data.length;
    const clean = normalize(name);
    if (name.includes("\0") || clean.startsWith("..") || clean.startsWith(sep) || /^[a-zA-Z]:/.test(clean) || clean.split(sep).includes("..")) {
      throw lambdaErrors.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
  }
  if (total > MAX_UNZIPPED_BYTES) throw lambdaErrors.invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  return files;
}

export class CodeStore {
  readonly root: string;
  private readonly temporary: boolean;

  constructor(
    private readonly blobs: BlobStore,
    dataDir: string | undefined,
  ) {
    if (dataDir) {
      this.root = join(dataDir, "lambda-code");
      mkdirSync(this.root, { recursive: true });
      this.temporary = false;
    } else {
      this.root = mkdtempSync(join(tmpdir(), "local-aws-lambda-"));
      this.temporary = true;
    }
    linkSdk(this.root);
    // Each environment's /tmp (TMPDIR) lives here; what a previous run left is gone with it.
    rmSync(join(this.root, "tmp"), { recursive: true, force: true });
  }

  /** A fresh, empty directory for one environment's temporary files. */
  environmentTmp(): string {
    const dir = join(this.root, "tmp", hexId(8));
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Validates and keeps a zip; returns its blob id, SHA-256 (base64) and size. */
  save(zip: Buffer): StoredCode {
    if (zip.length > MAX_ZIPPED_BYTES) throw lambdaErrors.tooLarge(`Request must be smaller than ${MAX_ZIPPED_BYTES} bytes for the CreateFunction operation`);
    unzipChecked(zip);
    const tx = this.blobs.begin();
    writeFileSync(tx.tempPath, zip);
    tx.commit();
    return { codeId: tx.id, sha256: createHash("sha256").update(zip).digest("base64"), size: zip.length };
  }

  /** The zip bytes (GetFunction's Code.Location serves them). */
  read(codeId: string): Buffer {
    return readFileSync(this.blobs.pathOf(codeId));
  }

  /** The extracted directory of a stored zip, extracting it on first use. */
  taskRoot(codeId: string): string {
    if (codeId.startsWith("path:")) return codeId.slice(5);
    const zipPath = this.blobs.pathOf(codeId); // validates the id: hex only
    const dir = join(this.root, codeId);
    if (existsSync(dir)) return dir;
    const files = unzipChecked(readFileSync(zipPath));
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const [name, data] of Object.entries(files)) {
      const target = join(staging, normalize(name));
      if (!target.startsWith(staging + sep)) continue;
      if (name.endsWith("/")) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    renameSync(staging, dir);
    return dir;
  }

  release(codeId: string, snapshotsExist: boolean): void {
    if (codeId.startsWith("path:")) return;
    this.blobs.release(codeId, snapshotsExist);
    if (!snapshotsExist) rmSync(join(this.root, codeId), { recursive: true, force: true });
  }

  close(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }
}

/** The node_modules directory the emulator's AWS SDK lives in. */
export const sdkModules: string | undefined = (() => {
  try {
    const pkg = createRequire(import.meta.url).resolve("@aws-sdk/client-lambda/package.json");
    return pkg.slice(0, pkg.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  } catch {
    return undefined;
  }
})();

function linkSdk(root: string): void {
  const link = join(root, "node_modules");
  if (existsSync(link) || !sdkModules) return;
  try {
    symlinkSync(sdkModules, link, "dir");
  } catch {
    // Without the link, ES modules must bundle the SDK themselves; everything else still works.
  }
}
