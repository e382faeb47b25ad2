/**
 * Every operation of the service, by API, found from their files when the service loads: Cognito
 * Identity's in this folder, STS's in ../sts (whose helper modules export no operations).
 * Adding an operation is adding it to a file, nothing to list here.
 */
import { operationsIn } from "../../core/operations-dir.js";

export const identityOperations = await operationsIn(import.meta.url);
export const stsOperations = await operationsIn(new URL("../sts/", import.meta.url));
