/**
 * Function code: zips are validated (size limits, no entry escaping its directory), kept as an
 * immutable blob, and extracted into a directory named after the blob id (ours, hex only) under
 * the runtime's code root. The root is a fresh temporary directory (also with a data directory:
 * extraction is a cache of the blob), so nothing above a function's code — a user's project with
 * its `package.json` "type" and its `node_modules` — changes how it loads, as in `/var/task`.
 * The root holds a `package.json` without "type" (CommonJS unless the function's own code says
 * otherwise) and a `node_modules` with links to the AWS SDK v3 packages and their dependencies
 * only, so code that does not bundle the SDK resolves ours (AWS's Node.js runtimes provide it)
 * and nothing else of the emulator's installation.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import type { BlobStore } from "../core/blobs.js";
import { hexId } from "../core/ids.js";
import { lambdaErrors } from "./errors.js";
import { PYTHON_BOOTSTRAP, SNAPSHOT_RESTORE_PY } from "./python-runtime.js";
import { checkZip, extractZip, MAX_UNZIPPED_BYTES, readZip } from "./zip.js";

export { MAX_UNZIPPED_BYTES };

export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;

export interface StoredCode {
  codeId: string;
  sha256: string;
  size: number;
  /** Bytes once unzipped. */
  unzipped: number;
}

export class CodeStore {
  readonly root: string;

  /** The SDK directory functions resolve (`<root>/node_modules`). */
  readonly sdkDir: string;
  /** The runtime clients we ship (`<root>/runtime/python/bootstrap.py`, ...). */
  readonly runtimeDir: string;

  constructor(private readonly blobs: BlobStore) {
    this.root = mkdtempSync(join(tmpdir(), "local-aws-lambda-"));
    writeFileSync(join(this.root, "package.json"), "{}\n");
    this.sdkDir = join(this.root, "node_modules");
    linkSdk(this.sdkDir);
    this.runtimeDir = join(this.root, "runtime");
    mkdirSync(join(this.runtimeDir, "python"), { recursive: true });
    writeFileSync(join(this.runtimeDir, "python", "bootstrap.py"), PYTHON_BOOTSTRAP);
    writeFileSync(join(this.runtimeDir, "python", "snapshot_restore_py.py"), SNAPSHOT_RESTORE_PY);
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
    const unzipped = checkZip(zip);
    const tx = this.blobs.begin();
    writeFileSync(tx.tempPath, zip);
    tx.commit();
    return { codeId: tx.id, sha256: createHash("sha256").update(zip).digest("base64"), size: zip.length, unzipped };
  }

  /** A stored zip's unzipped size, from its central directory. */
  unzippedSize(codeId: string): number {
    if (codeId.startsWith("path:")) return 0;
    return readZip(this.read(codeId)).reduce((n, e) => n + e.size, 0);
  }

  /**
   * The `/opt` of a combination of layers: their zips extracted in order (a later layer's file
   * replaces an earlier one's), once per combination.
   */
  optDir(codeIds: string[]): string | undefined {
    if (codeIds.length === 0) return undefined;
    const dir = join(this.root, `opt-${createHash("sha256").update(codeIds.join(",")).digest("hex").slice(0, 32)}`);
    if (existsSync(dir)) return dir;
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    let budget = MAX_UNZIPPED_BYTES;
    for (const id of codeIds) {
      const zip = readFileSync(this.blobs.pathOf(id));
      extractZip(zip, staging, budget);
      budget -= readZip(zip, budget).reduce((n, e) => n + e.size, 0);
    }
    renameSync(staging, dir);
    return dir;
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
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    extractZip(readFileSync(zipPath), staging);
    renameSync(staging, dir);
    return dir;
  }

  release(codeId: string, snapshotsExist: boolean): void {
    if (codeId.startsWith("path:")) return;
    this.blobs.release(codeId, snapshotsExist);
    if (!snapshotsExist) rmSync(join(this.root, codeId), { recursive: true, force: true });
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
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

/**
 * Links the AWS SDK v3 packages of the emulator's installation and everything they depend on
 * (nothing else: `require("fastify")` fails in a function as it does on AWS).
 */
function linkSdk(dir: string): void {
  if (!sdkModules) return;
  const from = sdkModules;
  mkdirSync(dir, { recursive: true });
  const wanted = new Set<string>();
  const queue: string[] = [];
  const add = (name: string): void => {
    if (wanted.has(name) || !existsSync(join(from, name, "package.json"))) return;
    wanted.add(name);
    queue.push(name);
  };
  for (const name of readdirSync(join(from, "@aws-sdk"))) add(`@aws-sdk/${name}`);
  while (queue.length > 0) {
    const name = queue.pop()!;
    try {
      const pkg = JSON.parse(readFileSync(join(from, name, "package.json"), "utf8")) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) add(dep);
    } catch {
      // an unreadable manifest: the package is linked, its dependencies are not followed
    }
  }
  for (const name of wanted) {
    const link = join(dir, name);
    try {
      if (name.includes("/")) mkdirSync(join(dir, name.slice(0, name.indexOf("/"))), { recursive: true });
      symlinkSync(join(from, name), link, "dir");
    } catch {
      // Without the link, functions must bundle the package themselves; everything else still works.
    }
  }
}
