/** CloudFront's errors, with the codes, statuses and texts AWS answers. */
import { AwsError } from "../core/errors.js";

export const edgeErrors = {
  noSuchDistribution: () => new AwsError("NoSuchDistribution", "The specified distribution does not exist.", { status: 404 }),
  tooManyInvalidations: (message: string) => new AwsError("TooManyInvalidationsInProgress", message, { status: 400 }),
  invalidationBatchExists: () => new AwsError("InvalidationBatchAlreadyExists", "The CallerReference you are using to create an invalidation batch has already been used.", { status: 409 }),
  noSuchInvalidation: () => new AwsError("NoSuchInvalidation", "The specified invalidation does not exist.", { status: 404 }),
  invalidIfMatch: () => new AwsError("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.", { status: 400 }),
  preconditionFailed: () =>
    new AwsError("PreconditionFailed", "The precondition given in one or more of the request header fields evaluated to false.", { status: 412 }),
  notDisabled: () => new AwsError("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.", { status: 409 }),
  inconsistentQuantities: () => new AwsError("InconsistentQuantities", "The value of Quantity and the size of Items don't match.", { status: 400 }),
  noSuchOrigin: () => new AwsError("NoSuchOrigin", "No origin exists with the specified Origin Id.", { status: 404 }),
  invalidTtlOrder: () => new AwsError("InvalidTTLOrder", "The TTL order specified is invalid.", { status: 400 }),
  alreadyExists: (id: string) =>
    new AwsError("DistributionAlreadyExists", `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${id}`, { status: 409 }),
  invalidArgument: (message: string) => new AwsError("InvalidArgument", message, { status: 400 }),
  illegalUpdate: (message: string) => new AwsError("IllegalUpdate", message, { status: 400 }),
  noSuchResource: () => new AwsError("NoSuchResource", "The specified CloudFront resource does not exist.", { status: 404 }),
  invalidTagging: (message: string) => new AwsError("InvalidTagging", message, { status: 400 }),
  noSuchFunction: () => new AwsError("NoSuchFunctionExists", "The function does not exist.", { status: 404 }),
  functionExists: () => new AwsError("FunctionAlreadyExists", "A function with the same name already exists in this AWS account.", { status: 409 }),
  functionTooLarge: () =>
    new AwsError("FunctionSizeLimitExceeded", "The function is too large. For more information, see Quotas (formerly known as limits) in the Amazon CloudFront Developer Guide.", { status: 413 }),
  functionInUse: () => new AwsError("FunctionInUse", "Cannot delete function, it's in use by one or more distributions.", { status: 409 }),
  cnameAlreadyExists: () => new AwsError("CNAMEAlreadyExists", "One or more of the CNAMEs you provided are already associated with a different resource.", { status: 409 }),
  invalidLambdaAssociation: (message: string) => new AwsError("InvalidLambdaFunctionAssociation", message, { status: 400 }),
  noSuchCachePolicy: () => new AwsError("NoSuchCachePolicy", "The cache policy does not exist.", { status: 404 }),
  cachePolicyExists: () => new AwsError("CachePolicyAlreadyExists", "A cache policy with this name already exists. You must provide a unique name. To modify an existing cache policy, use UpdateCachePolicy.", { status: 409 }),
  cachePolicyInUse: () => new AwsError("CachePolicyInUse", "Cannot delete the cache policy because it is attached to one or more cache behaviors.", { status: 409 }),
  noSuchOriginRequestPolicy: () => new AwsError("NoSuchOriginRequestPolicy", "The origin request policy does not exist.", { status: 404 }),
  originRequestPolicyExists: () =>
    new AwsError("OriginRequestPolicyAlreadyExists", "An origin request policy with this name already exists. You must provide a unique name. To modify an existing origin request policy, use UpdateOriginRequestPolicy.", { status: 409 }),
  originRequestPolicyInUse: () => new AwsError("OriginRequestPolicyInUse", "Cannot delete the origin request policy because it is attached to one or more cache behaviors.", { status: 409 }),
  noSuchResponseHeadersPolicy: () => new AwsError("NoSuchResponseHeadersPolicy", "The response headers policy does not exist.", { status: 404 }),
  responseHeadersPolicyExists: () =>
    new AwsError("ResponseHeadersPolicyAlreadyExists", "A response headers policy with this name already exists. You must provide a unique name. To modify an existing response headers policy, use UpdateResponseHeadersPolicy.", { status: 409 }),
  responseHeadersPolicyInUse: () => new AwsError("ResponseHeadersPolicyInUse", "Cannot delete the response headers policy because it is attached to one or more cache behaviors.", { status: 409 }),
  illegalDelete: () => new AwsError("IllegalDelete", "You cannot delete a managed policy.", { status: 400 }),
};
