/**
 * The runtime clients local-aws ships as source in the package's `runtimes/` folder (beside
 * `src` and `dist`): `runtimes/ruby/bootstrap.rb`, and the Java client with the
 * `com.amazonaws.services.lambda.runtime` interfaces under `runtimes/java/`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `<package>/runtimes`, found from this file in `src/runtime` or `dist/runtime`. */
export const RUNTIMES_DIR = fileURLToPath(new URL("../../runtimes/", import.meta.url));

export function shippedRuntimesPresent(): boolean {
  return existsSync(RUNTIMES_DIR);
}
