/** How an integration's failure reads in the execution: `<Prefix>.<AWS error code>` and AWS's cause text. */
import { isAwsError } from "../../core/errors.js";
import { StatesError } from "../asl/states-error.js";

export function serviceFailure(prefix: string, serviceName: string, err: unknown, requestId = ""): StatesError {
  if (err instanceof StatesError) return err;
  if (isAwsError(err))
    return new StatesError(
      `${prefix}.${err.code}`,
      `${err.message} (Service: ${serviceName}; Status Code: ${err.status}; Error Code: ${err.code}; Request ID: ${requestId}; Proxy: null)`,
    );
  return new StatesError(`${prefix}.SdkClientException`, err instanceof Error ? err.message : String(err));
}

/** AWS's SdkHttpMetadata/SdkResponseMetadata members of optimised integration results. */
export function sdkMetadata(requestId: string, status = 200): Record<string, unknown> {
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: { "x-amzn-RequestId": [requestId], "Content-Type": ["application/x-amz-json-1.0"] },
      HttpHeaders: { "x-amzn-RequestId": requestId, "Content-Type": "application/x-amz-json-1.0" },
      HttpStatusCode: status,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
