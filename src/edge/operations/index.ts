import { createDistribution, getDistribution, getDistributionConfig, listDistributions } from "./distributions.js";
import { createFunction, deleteFunction, describeFunction, getFunction, listFunctions, publishFunction, updateFunction } from "../functions/operations.js";
import { createInvalidation, getInvalidation, listInvalidations } from "./invalidations.js";
import { testFunction } from "../functions/test-function.js";
import { createDistributionWithTags, listTagsForResource, tagResource, untagResource } from "./tags.js";
import { createKeyValueStore, deleteKeyValueStore, describeKeyValueStore, listKeyValueStores, updateKeyValueStore } from "./key-value-stores.js";
import { deleteDistribution, updateDistribution } from "./update-delete.js";
import { createCachePolicy, deleteCachePolicy, getCachePolicy, getCachePolicyConfig, listCachePolicies, updateCachePolicy } from "./cache-policies.js";

export const operations = [createDistribution, getDistribution, getDistributionConfig, listDistributions, updateDistribution, deleteDistribution, createInvalidation, getInvalidation, listInvalidations, createFunction, describeFunction, getFunction, listFunctions, updateFunction, publishFunction, deleteFunction, createDistributionWithTags, tagResource, untagResource, listTagsForResource, testFunction, createKeyValueStore, describeKeyValueStore, listKeyValueStores, updateKeyValueStore, deleteKeyValueStore, createCachePolicy, getCachePolicy, getCachePolicyConfig, listCachePolicies, updateCachePolicy, deleteCachePolicy];
