/**
 * API Gateway: the REST API (v1, `@aws-sdk/client-api-gateway`) and HTTP/WebSocket API (v2,
 * `@aws-sdk/client-apigatewayv2`) control planes; the execute-api data plane serving deployed stages
 * at `/_aws/execute-api/<apiId>/<stage>/<path>` and `<apiId>.execute-api.localhost`; WebSocket
 * connections on the same URLs and the `@connections` management API; APIs from the config file.
 * docs/apigateway.md has the operations and the full list below.
 *
 * Gaps:
 * - AWS_IAM authorization verifies the SigV4 signature (RequestAuthenticator port) and, under
 *   --enforce-iam, the caller's identity policies (execute-api:Invoke / InvalidateCache, through the
 *   PrincipalPolicies port); no resource policies; no Lambda permission check before invoking.
 * - Canaries, custom domains, VPC links,
 *   documentation parts, SDK generation, GetUsage, TestInvokeMethod, mutual TLS.
 * - HTTP APIs: parameter mapping; auto-deploy records no deployment. WebSocket APIs: MOCK/HTTP
 *   two-way responses.
 *
 * By design:
 * - Throttling and quotas are exact token buckets on the server clock (AWS is best-effort), kept
 *   in memory: they start full after a restart. Connections are in memory (they end with the process).
 * - Stage caches are in memory (a restart starts cold), at most 64 MB per stage; only 2xx answers
 *   are cached. Cache invalidation (`Cache-Control: max-age=0`) is authorized by a valid signature.
 * - REST (v1) event headers are Title-Cased: requests reach services with lower-cased names.
 * - The caller's source IP is 127.0.0.1; `X-Forwarded-Proto` is http.
 * - A function's `@connections` client with no endpoint (AWS_ENDPOINT_URL) reaches
 *   `/@connections/<id>`, found by the connection id alone.
 */
import { startConfigApis, stopConfigApis } from "./config.js";
import { handleDataPlane, handleUpgrade } from "./invoke/entry.js";
import { announceStages } from "./invoke/listing.js";
import { operationsIn } from "../core/operations-dir.js";
import { ApigwState, apigwService } from "./state.js";
import { migrations } from "./store.js";

/** The control operations, found from the files that export them: REST APIs' (v1) in rest/, HTTP and WebSocket APIs' (v2) in v2/. */
const restOperations = await operationsIn(new URL("./rest/", import.meta.url));
const v2Operations = await operationsIn(new URL("./v2/", import.meta.url));

export const service = apigwService({
  name: "apigateway",
  migrations,
  apis: [
    {
      id: "apigateway",
      protocol: "restJson1",
      endpointName: "apigateway",
      maxBodyBytes: 6 * 1024 * 1024,
      operations: [...restOperations, ...v2Operations],
    },
  ],
  createState: (env) => new ApigwState(env),
  async start(env, state) {
    await startConfigApis(env, state);
    announceStages(env, state.docs);
  },
  afterRestore(_env, state) {
    state.afterRestore();
  },
  async stop(_env, state) {
    await stopConfigApis(state);
  },
  handleHttp: handleDataPlane,
  handleUpgrade: (req, upgrade, ctx, state) => handleUpgrade(req, upgrade, ctx, state as unknown as ApigwState),
});
