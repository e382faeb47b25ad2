/** CloudWatch Logs errors, named after AWS's codes, with AWS's messages. All are HTTP 400. */
import { AwsError } from "../core/errors.js";

export const logsErrors = {
  invalidParameter: (message: string) => new AwsError("InvalidParameterException", message),
  groupNotFound: () => new AwsError("ResourceNotFoundException", "The specified log group does not exist."),
  streamNotFound: () => new AwsError("ResourceNotFoundException", "The specified log stream does not exist."),
  groupExists: () => new AwsError("ResourceAlreadyExistsException", "The specified log group already exists"),
  streamExists: () => new AwsError("ResourceAlreadyExistsException", "The specified log stream already exists"),
  tooManyTags: (resourceName: string) =>
    new AwsError("TooManyTagsException", "A resource can have no more than 50 tags.", { fields: { resourceName } }),
  badNextToken: () => new AwsError("InvalidParameterException", "The specified nextToken is invalid."),
};
