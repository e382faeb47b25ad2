import { AwsError } from "../core/errors.js";

/** Factories named after S3's error codes, with S3's messages and extra members. */
export const s3Errors = {
  noSuchBucket: (bucket: string) => new AwsError("NoSuchBucket", "The specified bucket does not exist", { status: 404, fields: { BucketName: bucket } }),
  noSuchKey: (key: string, headers?: Record<string, string>) =>
    new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404, fields: { Key: key }, headers }),
  noSuchVersion: (key: string, versionId: string) =>
    new AwsError("NoSuchVersion", "The specified version does not exist.", { status: 404, fields: { Key: key, VersionId: versionId } }),
  invalidVersionId: () => new AwsError("InvalidArgument", "Invalid version id specified", { status: 400, fields: { ArgumentName: "versionId" } }),
  noSuchUpload: (uploadId: string) =>
    new AwsError("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", {
      status: 404,
      fields: { UploadId: uploadId },
    }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", {
      status: 409,
      fields: { BucketName: bucket },
    }),
  bucketAlreadyExists: (bucket: string) =>
    new AwsError(
      "BucketAlreadyExists",
      "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
      { status: 409, fields: { BucketName: bucket } },
    ),
  bucketNotEmpty: (bucket: string, versioned: boolean) =>
    new AwsError("BucketNotEmpty", versioned ? "The bucket you tried to delete is not empty. You must delete all versions in the bucket." : "The bucket you tried to delete is not empty", {
      status: 409,
      fields: { BucketName: bucket },
    }),
  invalidBucketName: (bucket: string) => new AwsError("InvalidBucketName", "The specified bucket is not valid.", { status: 400, fields: { BucketName: bucket } }),
  invalidRange: (size: number, range: string) =>
    new AwsError("InvalidRange", "The requested range is not satisfiable", {
      status: 416,
      fields: { RangeRequested: range, ActualObjectSize: size },
      headers: { "content-range": `bytes */${size}` },
    }),
  preconditionFailed: (condition: string) =>
    new AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { status: 412, fields: { Condition: condition } }),
  conditionalRequestConflict: () =>
    new AwsError("ConditionalRequestConflict", "The conditional request cannot succeed due to a conflicting operation against this resource.", { status: 409 }),
  badDigestMd5: () => new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", { status: 400 }),
  badChecksum: (algorithm: string) =>
    new AwsError("BadDigest", `The ${algorithm} you specified did not match the calculated checksum.`, { status: 400 }),
  invalidDigest: () => new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", { status: 400 }),
  invalidChecksum: (algorithm: string) =>
    new AwsError("InvalidRequest", `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`, { status: 400 }),
  incompleteBody: () =>
    new AwsError("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", { status: 400 }),
  entityTooLarge: (size: number, max: number) =>
    new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { status: 400, fields: { ProposedSize: size, MaxSizeAllowed: max } }),
  entityTooSmall: (size: number, min: number) =>
    new AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", {
      status: 400,
      fields: { ProposedSize: size, MinSizeAllowed: min },
    }),
  invalidPart: (partNumber: number, etag: string, uploadId: string) =>
    new AwsError(
      "InvalidPart",
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      { status: 400, fields: { UploadId: uploadId, PartNumber: partNumber, ETag: etag } },
    ),
  invalidPartOrder: (uploadId: string) =>
    new AwsError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", {
      status: 400,
      fields: { UploadId: uploadId },
    }),
  malformedXml: () =>
    new AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", { status: 400 }),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new AwsError("InvalidArgument", message, { status: 400, fields: name ? { ArgumentName: name, ArgumentValue: value } : {} }),
  invalidRequest: (message: string) => new AwsError("InvalidRequest", message, { status: 400 }),
  methodNotAllowed: (method: string, resourceType: string, headers?: Record<string, string>) =>
    new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", {
      status: 405,
      fields: { Method: method, ResourceType: resourceType },
      headers,
    }),
  accessDenied: (message = "Access Denied") => new AwsError("AccessDenied", message, { status: 403 }),
  notImplemented: (what: string) =>
    new AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", { status: 501, fields: { Header: what } }),
  noSuchConfiguration: (code: string, message: string, bucket: string) => new AwsError(code, message, { status: 404, fields: { BucketName: bucket } }),
  invalidTag: (message: string) => new AwsError("InvalidTag", message, { status: 400 }),
};
