export { useServer, testCredentials, type ServerContext } from "./use-server.js";
export { expectAwsError, type ExpectedAwsError } from "./aws-error.js";
export { uniqueName } from "./names.js";
export { adminCall } from "./admin.js";
export { rawRequest, type RawResponse } from "./raw-request.js";
export { tableWithStream } from "./stream-table.js";
