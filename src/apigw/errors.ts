/** The control planes' errors, named after AWS's codes (both API versions use the same names). */
import { AwsError } from "../core/errors.js";

export const errors = {
  notFound: (message: string) => new AwsError("NotFoundException", message, { status: 404 }),
  badRequest: (message: string) => new AwsError("BadRequestException", message, { status: 400 }),
  conflict: (message: string) => new AwsError("ConflictException", message, { status: 409 }),
  limitExceeded: (message: string) => new AwsError("LimitExceededException", message, { status: 429 }),
  invalidApi: (accountId: string, apiId: string) => new AwsError("NotFoundException", `Invalid API identifier specified ${accountId}:${apiId}`, { status: 404 }),
  invalidResource: (accountId: string, resourceId: string) => new AwsError("NotFoundException", `Invalid Resource identifier specified ${accountId}:${resourceId}`, { status: 404 }),
  invalidMethod: () => new AwsError("NotFoundException", "Invalid Method identifier specified", { status: 404 }),
  noIntegration: () => new AwsError("NotFoundException", "No integration defined for method", { status: 404 }),
  invalidStage: () => new AwsError("NotFoundException", "Invalid stage identifier specified", { status: 404 }),
  v2NotFound: (what: string, id: string) => new AwsError("NotFoundException", `Invalid ${what} identifier specified ${id}`, { status: 404, fields: { resourceType: what } }),
};
