/** The two policy kinds served by policy-resources.ts: their names, managed members and errors. */
import { edgeErrors } from "./errors.js";
import { managedOriginRequestPolicies, managedResponseHeadersPolicies, type OriginRequestPolicyConfig, type ResponseHeadersPolicyConfig } from "./header-policies.js";
import type { PolicyKind } from "./policy-resources.js";

const headerBehaviors = ["none", "whitelist", "allViewer", "allViewerAndWhitelistCloudFront", "allExcept"];
const setBehaviors = ["none", "whitelist", "all", "allExcept"];

export const originRequestPolicyKind: PolicyKind<OriginRequestPolicyConfig> = {
  kind: "origin-request",
  stem: "OriginRequestPolicy",
  path: "origin-request-policy",
  field: "OriginRequestPolicyId",
  managed: managedOriginRequestPolicies,
  noSuch: edgeErrors.noSuchOriginRequestPolicy,
  exists: edgeErrors.originRequestPolicyExists,
  inUse: edgeErrors.originRequestPolicyInUse,
  check(c) {
    if (!headerBehaviors.includes(c.HeadersConfig?.HeaderBehavior)) throw edgeErrors.invalidArgument("The HeaderBehavior is not valid.");
    if (!setBehaviors.includes(c.CookiesConfig?.CookieBehavior)) throw edgeErrors.invalidArgument("The CookieBehavior is not valid.");
    if (!setBehaviors.includes(c.QueryStringsConfig?.QueryStringBehavior)) throw edgeErrors.invalidArgument("The QueryStringBehavior is not valid.");
  },
};

export const responseHeadersPolicyKind: PolicyKind<ResponseHeadersPolicyConfig> = {
  kind: "response-headers",
  stem: "ResponseHeadersPolicy",
  path: "response-headers-policy",
  field: "ResponseHeadersPolicyId",
  managed: managedResponseHeadersPolicies,
  noSuch: edgeErrors.noSuchResponseHeadersPolicy,
  exists: edgeErrors.responseHeadersPolicyExists,
  inUse: edgeErrors.responseHeadersPolicyInUse,
  check(c) {
    const cors = c.CorsConfig;
    if (cors && (!cors.AccessControlAllowOrigins || !cors.AccessControlAllowHeaders || !cors.AccessControlAllowMethods || typeof cors.AccessControlAllowCredentials !== "boolean" || typeof cors.OriginOverride !== "boolean")) {
      throw edgeErrors.invalidArgument("The CorsConfig must have AccessControlAllowOrigins, AccessControlAllowHeaders, AccessControlAllowMethods, AccessControlAllowCredentials and OriginOverride.");
    }
    for (const h of c.CustomHeadersConfig?.Items ?? []) {
      if (typeof h?.Header !== "string" || h.Header === "" || typeof h.Value !== "string") throw edgeErrors.invalidArgument("A custom header needs a Header and a Value.");
    }
    for (const h of c.RemoveHeadersConfig?.Items ?? []) if (typeof h?.Header !== "string" || h.Header === "") throw edgeErrors.invalidArgument("A removed header needs a Header.");
  },
};
