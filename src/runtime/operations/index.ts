/**
 * Every Lambda operation: each file of this folder exports its operations (`lambdaOperation`),
 * found here when the service loads — adding an operation is adding its file, nothing to list.
 * Routes, input checks and wire shapes come from the model (../model.ts).
 */
import { operationsIn } from "../../core/operations-dir.js";
import type { OperationDef } from "../../core/service.js";

/** The operations exported by this folder's modules (`.js` in the package, `.ts` when run from source). */
export function loadOperations(): Promise<OperationDef<never, never>[]> {
  return operationsIn(import.meta.url);
}
