/** Every Lambda operation, one file each. */
import type { OperationDef } from "../../core/service.js";
import { addPermission } from "./add-permission.js";
import { createFunctionUrlConfig, updateFunctionUrlConfig } from "./create-function-url-config.js";
import { deleteLayerVersion } from "./delete-layer-version.js";
import { deleteFunctionUrlConfig, getFunctionUrlConfig, listFunctionUrlConfigs } from "./function-url-reads.js";
import { getLayerVersion, getLayerVersionByArn } from "./get-layer-version.js";
import { addLayerVersionPermission, getLayerVersionPolicy, removeLayerVersionPermission } from "./layer-version-policy.js";
import { listLayers, listLayerVersions } from "./list-layers.js";
import { publishLayerVersion } from "./publish-layer-version.js";
import { createAlias } from "./create-alias.js";
import { createEventSourceMapping } from "./create-event-source-mapping.js";
import { createFunction } from "./create-function.js";
import { deleteAlias } from "./delete-alias.js";
import { deleteEventSourceMapping } from "./delete-event-source-mapping.js";
import { deleteFunction } from "./delete-function.js";
import { deleteFunctionConcurrency } from "./delete-function-concurrency.js";
import { deleteFunctionEventInvokeConfig } from "./delete-function-event-invoke-config.js";
import { deleteProvisionedConcurrencyConfig } from "./delete-provisioned-concurrency-config.js";
import { getAccountSettings } from "./get-account-settings.js";
import { getAlias } from "./get-alias.js";
import { getEventSourceMapping } from "./get-event-source-mapping.js";
import { getFunction } from "./get-function.js";
import { getFunctionConcurrency } from "./get-function-concurrency.js";
import { getFunctionConfiguration } from "./get-function-configuration.js";
import { getFunctionEventInvokeConfig } from "./get-function-event-invoke-config.js";
import { getPolicy } from "./get-policy.js";
import { getProvisionedConcurrencyConfig } from "./get-provisioned-concurrency-config.js";
import { invoke } from "./invoke.js";
import { invokeWithResponseStream } from "./invoke-with-response-stream.js";
import { listAliases } from "./list-aliases.js";
import { listEventSourceMappings } from "./list-event-source-mappings.js";
import { listFunctions } from "./list-functions.js";
import { listTags } from "./list-tags.js";
import { listVersionsByFunction } from "./list-versions-by-function.js";
import { publishVersion } from "./publish-version.js";
import { putFunctionConcurrency } from "./put-function-concurrency.js";
import { putFunctionEventInvokeConfig } from "./put-function-event-invoke-config.js";
import { putProvisionedConcurrencyConfig } from "./put-provisioned-concurrency-config.js";
import { removePermission } from "./remove-permission.js";
import { tagResource } from "./tag-resource.js";
import { untagResource } from "./untag-resource.js";
import { updateAlias } from "./update-alias.js";
import { updateEventSourceMapping } from "./update-event-source-mapping.js";
import { updateFunctionCode } from "./update-function-code.js";
import { updateFunctionConfiguration } from "./update-function-configuration.js";
import { updateFunctionEventInvokeConfig } from "./update-function-event-invoke-config.js";

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
  createEventSourceMapping,
  getEventSourceMapping,
  updateEventSourceMapping,
  deleteEventSourceMapping,
  listEventSourceMappings,
  publishLayerVersion,
  getLayerVersion,
  getLayerVersionByArn,
  listLayers,
  listLayerVersions,
  deleteLayerVersion,
  addLayerVersionPermission,
  removeLayerVersionPermission,
  getLayerVersionPolicy,
  createFunctionUrlConfig,
  getFunctionUrlConfig,
  updateFunctionUrlConfig,
  deleteFunctionUrlConfig,
  listFunctionUrlConfigs,
  invokeWithResponseStream,
];
