// The images bucket, the viewer-request function that maps `?w=` and Accept to a URI, a published
// version of `image-resize` (Lambda@Edge needs a numbered version), and the distribution.
import { CloudFrontClient, CreateDistributionCommand, CreateFunctionCommand, PublishFunctionCommand } from "@aws-sdk/client-cloudfront";
import { LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { Buffer } from "node:buffer";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

// Allow-listed widths only: anything else is served as the original (no cache explosion).
const viewerRequest = `
var WIDTHS = { "100": true, "400": true, "1600": true };
function handler(event) {
  var r = event.request;
  var w = r.querystring.w && r.querystring.w.value;
  if (!w || !WIDTHS[w]) return r;
  var accept = (r.headers.accept && r.headers.accept.value) || "";
  var fmt = accept.indexOf("image/webp") !== -1 ? "webp" : "jpeg";
  r.uri = "/_w" + w + "/" + fmt + r.uri;
  r.querystring = {};
  return r;
}`;

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  await idempotent(new S3Client(config).send(new CreateBucketCommand({ Bucket: "edge-images" })));
  const cf = new CloudFrontClient(config);
  const fn = await cf.send(new CreateFunctionCommand({ Name: "image-url", FunctionConfig: { Comment: "?w= and Accept → /_w<w>/<fmt>/<key>", Runtime: "cloudfront-js-1.0" }, FunctionCode: Buffer.from(viewerRequest) }));
  await cf.send(new PublishFunctionCommand({ Name: "image-url", IfMatch: fn.ETag }));
  const version = await new LambdaClient(config).send(new PublishVersionCommand({ FunctionName: "image-resize" }));
  const out = await cf.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: "edge-image-resize",
        Comment: "resized images",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "images", DomainName: "edge-images.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
        DefaultCacheBehavior: {
          TargetOriginId: "images",
          ViewerProtocolPolicy: "redirect-to-https",
          CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
          FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: fn.FunctionSummary.FunctionMetadata.FunctionARN, EventType: "viewer-request" }] },
          LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: version.FunctionArn, EventType: "origin-response", IncludeBody: false }] },
        },
      },
    }),
  );
  const id = out.Distribution.Id;
  return { distributionId: id, url: `${config.endpoint}/_aws/cloudfront/${id}/`, bucket: "edge-images" };
}

await runIfMain(import.meta.url, () => setup());
