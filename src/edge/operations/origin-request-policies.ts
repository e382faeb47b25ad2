/** Origin-request policies: Create, Get, GetConfig, List (managed and custom), Update, Delete behind If-Match. */
import { policyOperations } from "../policy-resources.js";
import { originRequestPolicyKind } from "../policy-kinds.js";

export const originRequestPolicyOperations = policyOperations(originRequestPolicyKind);
