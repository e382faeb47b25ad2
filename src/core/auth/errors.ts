/**
 * The errors of authentication and authorization, in each protocol's own words: JSON services
 * (DynamoDB, Kinesis... 400; Lambda and other REST JSON services 403) answer InvalidSignatureException,
 * ExpiredTokenException, UnrecognizedClientException; Query services (SQS, SNS, STS, IAM) answer
 * SignatureDoesNotMatch, ExpiredToken, InvalidClientTokenId; S3 has its own codes and fields.
 */
import { AwsError } from "../errors.js";
import type { ProtocolName } from "../service.js";
import { amzDateOf } from "./sigv4-verify.js";

export type ErrorStyle = "json" | "rest-json" | "query" | "xml";

export function styleOf(protocol: ProtocolName): ErrorStyle {
  if (protocol === "awsJson1_0" || protocol === "awsJson1_1") return "json";
  if (protocol === "restJson1") return "rest-json";
  return protocol === "awsQuery" ? "query" : "xml";
}

function status(style: ErrorStyle): number {
  return style === "json" ? 400 : 403;
}

const MISMATCH = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";

export interface MismatchDetails {
  accessKeyId: string;
  signatureProvided: string;
  stringToSign: string;
  canonicalRequest: string;
}

export function signatureMismatch(style: ErrorStyle, d: MismatchDetails): AwsError {
  if (style === "xml") {
    return new AwsError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", {
      status: 403,
      fields: { AWSAccessKeyId: d.accessKeyId, StringToSign: d.stringToSign, SignatureProvided: d.signatureProvided, CanonicalRequest: d.canonicalRequest },
    });
  }
  return new AwsError(style === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException", MISMATCH, { status: status(style) });
}

/** A request dated more than the allowed skew from now (`skewMs`: 15 min, Lambda 5). */
export function requestTooSkewed(style: ErrorStyle, requestTime: number, now: number, skewMs: number): AwsError {
  if (style === "xml") {
    return new AwsError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {
      status: 403,
      fields: { RequestTime: amzDateOf(requestTime), ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"), MaxAllowedSkewMilliseconds: String(skewMs) },
    });
  }
  const minutes = Math.round(skewMs / 60_000);
  const message =
    requestTime < now
      ? `Signature expired: ${amzDateOf(requestTime)} is now earlier than ${amzDateOf(now - skewMs)} (${amzDateOf(now)} - ${minutes} min.)`
      : `Signature not yet current: ${amzDateOf(requestTime)} is still later than ${amzDateOf(now + skewMs)} (${amzDateOf(now)} + ${minutes} min.)`;
  return new AwsError(style === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException", message, { status: status(style) });
}

/** A presigned URL past its X-Amz-Expires. */
export function presignExpired(style: ErrorStyle, expires: number, now: number, expiresSeconds: number): AwsError {
  if (style === "xml") {
    return new AwsError("AccessDenied", "Request has expired", {
      status: 403,
      fields: { "X-Amz-Expires": String(expiresSeconds), Expires: new Date(expires).toISOString().replace(/\.\d{3}Z$/, "Z"), ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z") },
    });
  }
  return new AwsError(style === "query" ? "SignatureDoesNotMatch" : "InvalidSignatureException", `Signature expired: ${amzDateOf(expires)} is now earlier than ${amzDateOf(now)}`, { status: status(style) });
}

export function expiredToken(style: ErrorStyle): AwsError {
  if (style === "xml") return new AwsError("ExpiredToken", "The provided token has expired.", { status: 400 });
  return new AwsError(style === "query" ? "ExpiredToken" : "ExpiredTokenException", EXPIRED_TOKEN, { status: status(style) });
}

/** A session token missing, or not the one issued with the key. */
export function invalidToken(style: ErrorStyle): AwsError {
  if (style === "xml") return new AwsError("InvalidToken", "The provided token is malformed or otherwise invalid.", { status: 400 });
  return new AwsError(style === "query" ? "InvalidClientTokenId" : "UnrecognizedClientException", INVALID_TOKEN, { status: status(style) });
}

/** An access key local-aws does not know (`--enforce-iam strict`). */
export function unknownAccessKey(style: ErrorStyle, accessKeyId: string): AwsError {
  if (style === "xml") return new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { status: 403, fields: { AWSAccessKeyId: accessKeyId } });
  return new AwsError(style === "query" ? "InvalidClientTokenId" : "UnrecognizedClientException", INVALID_TOKEN, { status: status(style) });
}

export function incompleteSignature(style: ErrorStyle, message: string): AwsError {
  if (style === "xml") return new AwsError("AuthorizationHeaderMalformed", message, { status: 400 });
  return new AwsError(style === "query" ? "IncompleteSignature" : "IncompleteSignatureException", message, { status: style === "rest-json" ? 403 : 400 });
}

/** An authorization denial, by protocol: JSON services' AccessDeniedException, Query and S3 AccessDenied. */
export function accessDenied(style: ErrorStyle, message: string): AwsError {
  if (style === "json" || style === "rest-json") return new AwsError("AccessDeniedException", message, { status: style === "json" ? 400 : 403 });
  return new AwsError("AccessDenied", message, { status: 403 });
}

/**
 * An unsigned request to an operation AWS serves only signed (`--enforce-iam strict`): JSON
 * services answer coral's MissingAuthenticationTokenException (400), REST JSON services API
 * Gateway's 403 "Missing Authentication Token", Query and REST XML services (CloudFront)
 * MissingAuthenticationToken (403). S3 judges anonymous callers itself (its bucket policies).
 */
export function missingAuthentication(style: ErrorStyle): AwsError {
  if (style === "rest-json") return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", { status: 403 });
  if (style === "query" || style === "xml") return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", { status: 403 });
  return new AwsError("MissingAuthenticationTokenException", "Request is missing Authentication Token", {
    status: 400,
    typeName: "com.amazon.coral.service#MissingAuthenticationTokenException",
    queryCode: "MissingAuthenticationToken",
  });
}
