/**
 * API Gateway: the REST API (v1, `@aws-sdk/client-api-gateway`) and HTTP API (v2,
 * `@aws-sdk/client-apigatewayv2`) control planes, and the execute-api data plane that serves
 * deployed stages at `/_aws/execute-api/<apiId>/<stage>/<path>` and `<apiId>.execute-api.localhost`.
 *
 * Gaps: see docs/apigateway.md (kept there so this comment stays short).
 */
import { defineService, type ServiceEnv } from "../core/service.js";
import { startConfigApis, stopConfigApis } from "./config.js";
import { handleDataPlane, handleUpgrade } from "./invoke/entry.js";
import { stateOf } from "./invoke/state.js";
import { restOperations } from "./rest/operations.js";
import { migrations } from "./store.js";
import { apiOperations } from "./v2/apis.js";
import { childOperations } from "./v2/children.js";
import { openApiOperations } from "./v2/openapi.js";
import { responseOperations } from "./v2/responses.js";

export const service = defineService({
  name: "apigateway",
  migrations,
  apis: [
    {
      id: "apigateway",
      protocol: "restJson1",
      endpointName: "apigateway",
      maxBodyBytes: 6 * 1024 * 1024,
      operations: [...restOperations, ...apiOperations, ...childOperations, ...openApiOperations, ...responseOperations],
    },
  ],
  async start(env: ServiceEnv) {
    stateOf(env.store).endpoint = env.endpoint;
    await startConfigApis(env);
  },
  async stop(env: ServiceEnv) {
    await stopConfigApis(env);
  },
  handleHttp: handleDataPlane,
  handleUpgrade,
});
