/**
 * Every operation, found from the files of this folder when the service loads: adding an
 * operation is adding its file (test/core/service-models.spec.ts checks each is a model operation).
 */
import { operationsIn } from "../../../core/operations-dir.js";

export const streamOperations = await operationsIn(import.meta.url);
