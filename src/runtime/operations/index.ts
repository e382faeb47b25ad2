import type { OperationDef } from "../../core/service.js";
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from "./aliases.js";
import { deleteFunctionConcurrency, getAccountSettings, getFunctionConcurrency, putFunctionConcurrency } from "./concurrency.js";
import { createFunction } from "./create-function.js";
import { deleteFunction } from "./delete-function.js";
import {
  deleteFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
} from "./event-invoke-config.js";
import { getFunction, getFunctionConfiguration } from "./get-function.js";
import { invoke } from "./invoke.js";
import { listFunctions } from "./list-functions.js";
import { addPermission, getPolicy, removePermission } from "./permissions.js";
import { deleteProvisionedConcurrencyConfig, getProvisionedConcurrencyConfig, putProvisionedConcurrencyConfig } from "./provisioned-concurrency.js";
import { listVersionsByFunction, publishVersion } from "./publish-version.js";
import { listTags, tagResource, untagResource } from "./tags.js";
import { updateFunctionCode } from "./update-function-code.js";
import { updateFunctionConfiguration } from "./update-function-configuration.js";
import { esmOperations } from "./event-source-mappings.js";

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
  createAlias,
  getAlias,
  updateAlias,
  deleteAlias,
  listAliases,
  putFunctionConcurrency,
  getFunctionConcurrency,
  deleteFunctionConcurrency,
  putProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  deleteProvisionedConcurrencyConfig,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  deleteFunctionEventInvokeConfig,
  getAccountSettings,
  addPermission,
  removePermission,
  getPolicy,
  tagResource,
  untagResource,
  listTags,
  ...esmOperations,
];
