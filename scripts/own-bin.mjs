#!/usr/bin/env node
/**
 * `npx local-aws start` in a clone of this repository. npm's npx, when the project it runs in
 * declares the bin it is asked for, first installs that project into its own cache (rebuilding it
 * and its dependencies: 13 s to over a minute, and a stale copy after edits). So the repository's
 * package.json declares no `bin`; `npm ci` (prepare) links node_modules/.bin/local-aws to
 * bin/local-aws.js, which npx runs at once; and a packed tarball gets the `bin` (prepack/postpack).
 *
 *   node scripts/own-bin.mjs link        (prepare)
 *   node scripts/own-bin.mjs pack|unpack (prepack / postpack)
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";

const BIN = { "local-aws": "bin/local-aws.js" };
const command = process.argv[2];

if (command === "link") {
  mkdirSync("node_modules/.bin", { recursive: true });
  const link = "node_modules/.bin/local-aws";
  rmSync(link, { force: true });
  symlinkSync("../../bin/local-aws.js", link);
} else if (command === "pack" || command === "unpack") {
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  if (command === "pack") manifest.bin = BIN;
  else delete manifest.bin;
  writeFileSync("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
} else {
  console.error("usage: own-bin.mjs link|pack|unpack");
  process.exit(2);
}
