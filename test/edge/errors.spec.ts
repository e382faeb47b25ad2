import { CloudFrontClient, DeleteDistributionCommand, GetDistributionCommand, GetFunctionCommand } from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { expectAwsError, testCredentials, useServer } from "../helpers/index.js";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

/** A signed raw request, to read the wire body the SDK parses. */
async function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const url = new URL(path, ctx.endpoint);
  const signer = new SignatureV4({ service: "cloudfront", region: "us-east-1", credentials: testCredentials, sha256: Sha256 });
  const signed = await signer.sign({ method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, ...headers } });
  const res = await fetch(url, { method, headers: signed.headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe("CloudFront errors", () => {
  it("answers CloudFront's <ErrorResponse> wrapper with Type, Code, Message and RequestId", async () => {
    const res = await raw("GET", "/2020-05-31/distribution/EDOESNOTEXIST1");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/xml");
    const requestId = res.headers.get("x-amzn-requestid");
    expect(requestId).toBeTruthy();
    expect(res.body).toContain('<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">');
    expect(res.body).toContain("<Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error>");
    expect(res.body).toContain(`<RequestId>${requestId}</RequestId></ErrorResponse>`);
  });

  it("refuses a DistributionConfig element holding text instead of members with the model's required-member errors (it answered 500)", async () => {
    const res = await fetch(new URL("/2020-05-31/distribution", ctx.endpoint), {
      method: "POST",
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=00", "x-amz-date": "20260101T000000Z" },
      body: '<?xml version="1.0"?><DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">x</DistributionConfig>',
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("<Code>ValidationException</Code>");
    expect(body).toContain("Value null at &apos;distributionConfig.callerReference&apos; failed to satisfy constraint: Member must not be null");
  });

  it("the SDK reads the code, message, status and request id from it", async () => {
    const err = await expectAwsError<{ name: string; message: string; $metadata: { requestId?: string }; $fault: string }>(cf().send(new GetDistributionCommand({ Id: "EDOESNOTEXIST2" })), {
      name: "NoSuchDistribution",
      status: 404,
      message: "The specified distribution does not exist.",
    });
    expect(err.$fault).toBe("client");
    expect(err.$metadata.requestId).toBeTruthy();
    await expectAwsError(cf().send(new DeleteDistributionCommand({ Id: "EDOESNOTEXIST3", IfMatch: "E1" })), { name: "NoSuchDistribution", status: 404 });
    await expectAwsError(cf().send(new GetFunctionCommand({ Name: "nope" })), { name: "NoSuchFunctionExists", status: 404, message: "The function does not exist." });
  });

  it("a route CloudFront does not have answers in the same wrapper", async () => {
    const res = await raw("POST", "/2020-05-31/distribution/EX/nothing-here");
    expect(res.status).toBe(501);
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n?<ErrorResponse xmlns="http:\/\/cloudfront.amazonaws.com\/doc\/2020-05-31\/"><Error><Type>Receiver<\/Type><Code>NotImplemented<\/Code>/);
  });
});
