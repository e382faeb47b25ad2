/** Response-headers policies: Create, Get, GetConfig, List (managed and custom), Update, Delete behind If-Match. */
import { policyOperations } from "../policy-resources.js";
import { responseHeadersPolicyKind } from "../policy-kinds.js";

export const responseHeadersPolicyOperations = policyOperations(responseHeadersPolicyKind);
