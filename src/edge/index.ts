/**
 * CloudFront (restXml, `/2020-05-31/…`, bindings from AWS's model): distributions, invalidations,
 * CloudFront Functions (viewer-request), and serving distributions locally with a real edge cache
 * on the core clock.
 *
 * Gaps (issue #25 lists the whole of it):
 * - Errors use core's restXml `<Error><Code>` body, not CloudFront's `<ErrorResponse><Error><Type>`
 *   wrapper (the SDK reads both; changing it is a core change).
 * - Tags on anything but distributions; cache/origin-request/response-headers policies as resources
 *   (the managed cache policies' TTLs and query strings are honoured by id),
 *   viewer-response functions, function logs in CloudWatch Logs, Lambda@Edge, KeyValueStore, origin groups, aliases as Hosts, own ports,
 *   TooManyInvalidationsInProgress, CNAMEAlreadyExists, Lambda association checks.
 * - Origins: S3 (through the ObjectReader port) only; other origins answer 502. The port gives
 *   bytes only, so the content type is guessed from the key's extension and S3 objects' own
 *   Cache-Control cannot shorten the TTL (the behaviour's DefaultTTL applies).
 * - The cache key holds the URI and the policy's query strings; headers, cookies and
 *   Accept-Encoding are not part of it. No revalidation (RefreshHit).
 *
 * - CloudFront Functions run in a `node:vm` context with a 50 ms limit: NOT a security boundary
 *   (code can reach the host process); only run code you trust. The issue asks for a real sandbox
 *   (separate isolate, memory cap, compute utilization, runtime 1.0's ES5 checks).
 *
 * By design:
 * - Create/Update answer `InProgress`; every read afterwards answers `Deployed`; invalidations
 *   read `Completed` and take effect at once.
 * - The cache is in memory and bounded; a restart, restore or reset starts it cold.
 */
import { operations } from "./operations/index.js";
import { serveEdge } from "./serve.js";
import { afterEdgeRestore, createEdgeState, edgeService } from "./state.js";
import { migrations } from "./store.js";

export const service = edgeService({
  name: "edge",
  migrations,
  apis: [{ id: "cloudfront", protocol: "restXml", endpointName: "cloudfront", xmlNamespace: "http://cloudfront.amazonaws.com/doc/2020-05-31/", model: { service: "cloudfront" }, operations }],
  createState: createEdgeState,
  afterRestore: (_env, state) => afterEdgeRestore(state),
  stop: (_env, state) => state.sandbox.close(),
  handleHttp: (req, _ctx, state) => serveEdge(req, state),
});
