/**
 * Every Lambda operation: each file of this folder exports its operations (`lambdaOperation`),
 * found here when the service loads — adding an operation is adding its file, nothing to list.
 * Routes, input checks and wire shapes come from the model (../model.ts).
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OperationDef } from "../../core/service.js";

function isOperation(value: unknown): value is OperationDef<never, never> {
  return typeof value === "object" && value !== null && typeof (value as OperationDef).name === "string" && typeof (value as OperationDef).handle === "function";
}

/** The operations exported by this folder's modules (`.js` in the package, `.ts` when run from source). */
export async function loadOperations(): Promise<OperationDef<never, never>[]> {
  const here = fileURLToPath(import.meta.url);
  const ext = here.slice(here.lastIndexOf("."));
  const files = readdirSync(new URL(".", import.meta.url))
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`) && f !== `index${ext}`)
    .sort();
  const modules = await Promise.all(files.map((f) => import(new URL(f, import.meta.url).href) as Promise<Record<string, unknown>>));
  const operations: OperationDef<never, never>[] = [];
  const seen = new Map<string, string>();
  modules.forEach((mod, i) => {
    for (const value of Object.values(mod)) {
      if (!isOperation(value)) continue;
      const other = seen.get(value.name);
      if (other !== undefined) throw new Error(`Lambda operation ${value.name} is exported by both ${other} and ${files[i]}`);
      seen.set(value.name, files[i]!);
      operations.push(value);
    }
  });
  return operations;
}
