/**
 * Every operation of the queue service, by API: one file each in sqs/ and sns/, found from the
 * files when the service loads (adding an operation is adding its file, nothing to list). The SQS
 * operations serve both SQS APIs (JSON and Query).
 */
import { operationsIn } from "../../core/operations-dir.js";

export const sqsOperations = await operationsIn(new URL("./sqs/", import.meta.url));
export const snsOperations = await operationsIn(new URL("./sns/", import.meta.url));
