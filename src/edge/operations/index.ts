import { createDistribution, getDistribution, getDistributionConfig, listDistributions } from "./distributions.js";
import { createInvalidation, getInvalidation, listInvalidations } from "./invalidations.js";
import { deleteDistribution, updateDistribution } from "./update-delete.js";

export const operations = [createDistribution, getDistribution, getDistributionConfig, listDistributions, updateDistribution, deleteDistribution, createInvalidation, getInvalidation, listInvalidations];
