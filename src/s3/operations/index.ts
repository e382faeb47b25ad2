/**
 * Every S3 operation, found from the files of this folder when the service loads: adding an
 * operation is adding its file. Each binds as AWS's model says (model-binding.ts); the routes are
 * told apart by their sub-resources and headers, never by their order.
 */
import { operationsIn } from "../../core/operations-dir.js";

export const operations = await operationsIn(import.meta.url);
