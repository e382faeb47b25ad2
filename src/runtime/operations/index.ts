import type { OperationDef } from "../../core/service.js";
import { createFunction } from "./create-function.js";
import { deleteFunction } from "./delete-function.js";
import { getFunction, getFunctionConfiguration } from "./get-function.js";
import { invoke } from "./invoke.js";
import { listFunctions } from "./list-functions.js";
import { listVersionsByFunction, publishVersion } from "./publish-version.js";
import { listTags, tagResource, untagResource } from "./tags.js";
import { updateFunctionCode } from "./update-function-code.js";
import { updateFunctionConfiguration } from "./update-function-configuration.js";

export const operations: OperationDef<never, never>[] = [
  createFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  deleteFunction,
  updateFunctionCode,
  updateFunctionConfiguration,
  invoke,
  publishVersion,
  listVersionsByFunction,
  tagResource,
  untagResource,
  listTags,
];
