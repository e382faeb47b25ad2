/**
 * SSE-C: the client sends its own 256-bit key with every write and read of an object. S3 keeps
 * only the key's MD5 (here too: no key is stored) and answers a read without the key, or with
 * another one, as AWS does. Bytes are not encrypted at rest here (documented).
 */
import { createHash } from "node:crypto";
import { AwsError } from "../core/errors.js";
import { s3Errors } from "./errors.js";

export interface SseCustomerInput {
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
}

/** The key's algorithm and MD5 from a request, checked as S3 checks them (undefined without SSE-C). */
export function customerKey(input: SseCustomerInput, secure: boolean): { SSECustomerAlgorithm: string; SSECustomerKeyMD5: string } | undefined {
  const { SSECustomerAlgorithm: algorithm, SSECustomerKey: key, SSECustomerKeyMD5: md5 } = input;
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
  // S3 takes a customer key only over TLS: serve with --tls to use SSE-C here.
  if (!secure) throw s3Errors.invalidRequest("Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.");
  if (algorithm === undefined) throw s3Errors.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.", "x-amz-server-side-encryption", "null");
  if (algorithm !== "AES256") throw s3Errors.invalidArgument("The encryption algorithm specified is not supported.", "x-amz-server-side-encryption-customer-algorithm", algorithm);
  if (key === undefined) throw s3Errors.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.", "x-amz-server-side-encryption", "null");
  const raw = Buffer.from(key, "base64");
  if (raw.length !== 32) throw s3Errors.invalidArgument("The secret key was invalid for the specified algorithm.", "x-amz-server-side-encryption", "null");
  const actual = createHash("md5").update(raw).digest("base64");
  if (md5 !== undefined && md5 !== actual) throw s3Errors.invalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.", "x-amz-server-side-encryption", "null");
  return { SSECustomerAlgorithm: algorithm, SSECustomerKeyMD5: actual };
}

/** A read of an object stored with SSE-C needs the same key; one stored without it takes none. */
export function checkCustomerKeyForRead(stored: { SSECustomerKeyMD5?: string }, input: SseCustomerInput, secure: boolean): void {
  const given = customerKey(input, secure);
  if (!stored.SSECustomerKeyMD5) {
    if (given) throw s3Errors.invalidRequest("The encryption parameters are not applicable to this object.");
    return;
  }
  if (!given) throw s3Errors.invalidRequest("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
  if (given.SSECustomerKeyMD5 !== stored.SSECustomerKeyMD5) throw new AwsError("AccessDenied", "Access Denied", { status: 403 });
}

export interface CopySourceSseCustomerInput {
  CopySourceSSECustomerAlgorithm?: string;
  CopySourceSSECustomerKey?: string;
  CopySourceSSECustomerKeyMD5?: string;
}

/** CopyObject / UploadPartCopy: a source stored with SSE-C is read only with its key in the copy-source headers. */
export function checkCopySourceKey(stored: { SSECustomerKeyMD5?: string }, input: CopySourceSseCustomerInput, secure: boolean): void {
  checkCustomerKeyForRead(
    stored,
    { SSECustomerAlgorithm: input.CopySourceSSECustomerAlgorithm, SSECustomerKey: input.CopySourceSSECustomerKey, SSECustomerKeyMD5: input.CopySourceSSECustomerKeyMD5 },
    secure,
  );
}

/**
 * UploadPart / UploadPartCopy / CompleteMultipartUpload of an upload: the parts of an upload
 * created with a customer key carry the same key; an upload created without one takes none.
 * `required`: whether a missing key is refused (CompleteMultipartUpload may leave it out).
 */
export function checkUploadKey(upload: { SSECustomerKeyMD5?: string }, input: SseCustomerInput, secure: boolean, required = true): { SSECustomerAlgorithm: string; SSECustomerKeyMD5: string } | undefined {
  const given = customerKey(input, secure);
  if (!upload.SSECustomerKeyMD5) {
    if (given) throw s3Errors.invalidRequest("The multipart upload initiate requested no encryption. Subsequent part requests must not include encryption parameters.");
    return undefined;
  }
  if (!given) {
    if (!required) return undefined;
    throw s3Errors.invalidRequest("The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
  }
  if (given.SSECustomerKeyMD5 !== upload.SSECustomerKeyMD5) throw s3Errors.invalidRequest("The provided encryption parameters did not match the ones used originally.");
  return given;
}
