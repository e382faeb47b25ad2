/**
 * Every Firehose operation, exported by the files of this folder (grouped by resource) and found
 * from them when the service loads: adding an operation is adding it to a file, nothing to list.
 */
import { operationsIn } from "../../core/operations-dir.js";

export const operations = await operationsIn(import.meta.url);
