/**
 * Every operation, one file each, found from the files of this folder when the service loads:
 * adding an operation is adding its file (test/logs/operations-list.spec.ts checks one per file).
 */
import { operationsIn } from "../../core/operations-dir.js";

export const operations = await operationsIn(import.meta.url);
