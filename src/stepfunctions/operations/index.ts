/**
 * Every operation of AWS's model, one file each (helpers such as aliases.ts, tags.ts and
 * task-tokens.ts export no operation), found from the files of this folder when the service
 * loads: adding an operation is adding its file, nothing to list here.
 */
import { operationsIn } from "../../core/operations-dir.js";

export const operations = await operationsIn(import.meta.url);
