import type { ServiceManifest } from "../core/service.js";

export const edgeManifest: ServiceManifest = {
  name: "edge",
  tablePrefix: "edge_",
  apis: [{ id: "cloudfront", protocol: "restXml", endpointName: "cloudfront", signingNames: ["cloudfront"], pathPrefixes: ["/2020-05-31/"] }],
  // CloudFront serves any browser origin: the distribution's own response headers decide CORS.
  dataPlane: { hosts: [/^[a-z0-9]+\.cloudfront\.localhost(?::\d+)?$/], paths: [/^\/_aws\/cloudfront\//, /^\/_local\/cloudfront\/?$/], public: true },
  load: () => import("./index.js").then((m) => m.service),
};
