/**
 * A service's operations found from their files: every module of an operations folder is imported
 * and the OperationDefs it exports are collected, so adding an operation is adding its file.
 * A module exports each operation, or an array of them (a group of a resource's operations).
 * Modules of the folder that export no OperationDef-shaped value (helpers) are simply imported.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OperationDef } from "./service.js";

/** `.js` when running from the built package, `.ts` when running from source (tests, tsx). */
const ownPath = fileURLToPath(import.meta.url);
const moduleExt = ownPath.slice(ownPath.lastIndexOf("."));

function isOperation(value: unknown): value is OperationDef<never, never> {
  return typeof value === "object" && value !== null && typeof (value as OperationDef).name === "string" && typeof (value as OperationDef).handle === "function";
}

/** An exported operation, or the operations of an exported array of them; nothing else. */
function operationsOf(value: unknown): OperationDef<never, never>[] {
  if (isOperation(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isOperation)) return value;
  return [];
}

/**
 * The operations exported by the modules of a folder (`dirUrl`: the folder's URL, or the URL of a
 * file in it such as its index module's `import.meta.url`). The folder's `index` module and type
 * declarations are skipped; modules load in name order. Two different operations of the same name
 * are refused, naming both files (one value exported twice, e.g. re-exported, counts once).
 */
export async function operationsIn(dirUrl: string | URL): Promise<OperationDef<never, never>[]> {
  const dir = new URL(".", dirUrl);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(moduleExt) && !f.endsWith(`.d${moduleExt}`) && f !== `index${moduleExt}`)
    .sort();
  const modules = await Promise.all(files.map((f) => import(new URL(f, dir).href) as Promise<Record<string, unknown>>));
  const operations: OperationDef<never, never>[] = [];
  const seen = new Map<string, { file: string; op: OperationDef<never, never> }>();
  modules.forEach((mod, i) => {
    const file = files[i]!;
    for (const value of Object.values(mod).flatMap(operationsOf)) {
      const other = seen.get(value.name);
      if (other?.op === value) continue;
      if (other !== undefined) throw new Error(`operation ${value.name} is exported by both ${other.file} and ${file} in ${fileURLToPath(dir)}`);
      seen.set(value.name, { file, op: value });
      operations.push(value);
    }
  });
  return operations;
}
