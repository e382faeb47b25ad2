/**
 * Writes an object to the local S3 through this server's own endpoint (path-style PUT, as an SDK
 * would), for distributed Map's ResultWriter: no port is needed and S3's own checks apply.
 */
import { StatesError } from "../asl/states-error.js";

export async function putObject(endpoint: string, scope: { accountId: string; region: string }, bucket: string, key: string, body: string): Promise<void> {
  const path = `/${encodeURIComponent(bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`;
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint), {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        authorization: `AWS4-HMAC-SHA256 Credential=${scope.accountId}/20000101/${scope.region}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
  } catch (err) {
    throw new StatesError("States.ResultWriterFailed", (err as Error).message);
  }
  const text = await response.text();
  if (response.status >= 300) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? String(response.status);
    throw new StatesError("States.ResultWriterFailed", `Could not write s3://${bucket}/${key}: ${code}`);
  }
}
