/** Cognito's errors, named after AWS's codes, with AWS's texts. */
import { AwsError } from "../core/errors.js";

const e = (code: string, status = 400) => (message: string) => new AwsError(code, message, { status });

export const errors = {
  invalidParameter: e("InvalidParameterException"),
  resourceNotFound: e("ResourceNotFoundException", 400),
  notAuthorized: e("NotAuthorizedException"),
  userNotFound: e("UserNotFoundException"),
  usernameExists: e("UsernameExistsException"),
  aliasExists: e("AliasExistsException"),
  invalidPassword: e("InvalidPasswordException"),
  codeMismatch: e("CodeMismatchException"),
  expiredCode: e("ExpiredCodeException"),
  userNotConfirmed: e("UserNotConfirmedException"),
  passwordResetRequired: e("PasswordResetRequiredException"),
  groupExists: e("GroupExistsException"),
  limitExceeded: e("LimitExceededException"),
  tooManyRequests: e("TooManyRequestsException"),
  invalidLambdaResponse: e("InvalidLambdaResponseException"),
  userLambdaValidation: e("UserLambdaValidationException"),
  unexpectedLambda: e("UnexpectedLambdaException"),
  softwareTokenMfaNotFound: e("SoftwareTokenMFANotFoundException"),
  enableSoftwareTokenMfa: e("EnableSoftwareTokenMFAException"),
  invalidUserPoolConfiguration: e("InvalidUserPoolConfigurationException"),
  mfaMethodNotFound: e("MFAMethodNotFoundException"),
  unsupportedTokenType: e("UnsupportedTokenTypeException"),
  concurrentModification: e("ConcurrentModificationException"),
  unauthorized: e("UnauthorizedException", 401),
  validation: (message: string) => new AwsError("InvalidParameterException", message),
  poolNotFound: (id: string) => new AwsError("ResourceNotFoundException", `User pool ${id} does not exist.`),
  clientNotFound: (id: string) => new AwsError("ResourceNotFoundException", `User pool client ${id} does not exist.`),
  wrongPassword: () => new AwsError("NotAuthorizedException", "Incorrect username or password."),
  noSuchUser: () => new AwsError("UserNotFoundException", "User does not exist."),
  badSession: () => new AwsError("NotAuthorizedException", "Invalid session for the user."),
  expiredSession: () => new AwsError("NotAuthorizedException", "Invalid session for the user, session is expired."),
  invalidAccessToken: () => new AwsError("NotAuthorizedException", "Invalid Access Token"),
};
