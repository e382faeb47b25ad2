/**
 * CloudFront (restXml, `/2020-05-31/…`, bindings from AWS's model, CloudFront's `<ErrorResponse>`
 * errors): distributions, invalidations, cache policies, KeyValueStores, CloudFront Functions and
 * Lambda@Edge, and serving distributions locally with a real edge cache on the core clock.
 *
 * Gaps (docs/edge.md lists them with the points):
 * - Origin groups, CloudFront-Viewer-* headers, Compress, signed URLs,
 *   geo restriction; aliases need no certificate here.
 * - Lambda@Edge logs stay in the function's own group.
 * - Other origins than loopback and this server's own endpoints answer 502 (no network).
 *
 * Deliberate differences:
 * - Create/Update answer `InProgress`; every read afterwards answers `Deployed`; invalidations
 *   take effect at once and read `Completed` from their first read (until then, or a minute of the
 *   clock, they count against the in-progress limits); KeyValueStores read `READY` after create.
 * - The cache is in memory and bounded; a restart, restore or reset starts it cold.
 * - CloudFront Functions reuse a context per function code with frozen built-ins (code that extends
 *   a built-in prototype fails here; AWS allows it within the run); the run limit is 250 ms of wall
 *   time (the worker is terminated and replaced) and ~8 MB of heap growth (AWS: compute
 *   utilization and 2 MB).
 */
import { kvsDataOperations } from "./kvs-data/operations.js";
import { operations } from "./operations/index.js";
import { serveEdge } from "./serve.js";
import { startOwnPorts, stopOwnPorts } from "./own-ports.js";
import { afterEdgeRestore, createEdgeState, edgeService } from "./state.js";
import { migrations } from "./store.js";

export const service = edgeService({
  name: "edge",
  migrations,
  apis: [
    { id: "cloudfront", protocol: "restXml", endpointName: "cloudfront", xmlNamespace: "http://cloudfront.amazonaws.com/doc/2020-05-31/", model: { service: "cloudfront" }, operations },
    // KeyValueStore keys (client-cloudfront-keyvaluestore): bindings written here, no vendored model.
    { id: "cloudfront-keyvaluestore", protocol: "restJson1", endpointName: "cloudfront-keyvaluestore", operations: kvsDataOperations },
  ],
  createState: createEdgeState,
  start: (env, state) => startOwnPorts(env, state),
  afterRestore: (_env, state) => afterEdgeRestore(state),
  async stop(_env, state) {
    await stopOwnPorts(state);
    await state.sandbox.close();
  },
  handleHttp: (req, _ctx, state) => serveEdge(req, state),
});
