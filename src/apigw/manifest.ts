import type { ServiceManifest } from "../core/service.js";

export const apigwManifest: ServiceManifest = {
  name: "apigateway",
  tablePrefix: "apigw_",
  apis: [
    {
      // REST (v1) and HTTP/WebSocket (v2) control planes: one restJson1 API, as both SDK clients sign as `apigateway`.
      id: "apigateway",
      protocol: "restJson1",
      endpointName: "apigateway",
      signingNames: ["apigateway"],
      pathPrefixes: ["/restapis", "/apikeys", "/usageplans", "/v2/apis"],
    },
  ],
  // Invoke URLs are public as on AWS: any browser origin reaches them, and CORS is the API's own
  // (HTTP APIs' CorsConfiguration, REST APIs' OPTIONS methods), not the emulator's.
  dataPlane: {
    public: true,
    hosts: [/^[a-z0-9]{10}\.execute-api\.localhost(?::\d+)?$/],
    paths: [/^\/_aws\/execute-api\//, /^\/_local\/apis\/?$/, /^\/@connections\//],
  },
  // Config-declared APIs are installed (and their own ports opened) at start, not on the first request.
  eager: (settings) => Boolean(settings.config.apis),
  config: { apis: () => import("./config-schema.js").then((m) => m.apisConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
