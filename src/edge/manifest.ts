import type { ServiceManifest } from "../core/service.js";

export const edgeManifest: ServiceManifest = {
  name: "edge",
  tablePrefix: "edge_",
  apis: [
    { id: "cloudfront", protocol: "restXml", endpointName: "cloudfront", signingNames: ["cloudfront"], pathPrefixes: ["/2020-05-31/"] },
    // Its client signs SigV4a and calls `<account>.<endpoint host>` (`000000000000.localhost:4566`).
    // Routed by signing name only: `/key-value-stores/…` may as well be an S3 bucket's path.
    { id: "cloudfront-keyvaluestore", protocol: "restJson1", endpointName: "cloudfront-keyvaluestore", signingNames: ["cloudfront-keyvaluestore"] },
  ],
  // CloudFront serves any browser origin: the distribution's own response headers decide CORS.
  // Any other dotted name may be a distribution's alias (CNAME); the edge passes on names it does not know.
  dataPlane: { hosts: [/^[a-z0-9]+\.cloudfront\.localhost(?::\d+)?$/, /^(?!localhost(?::|$)|127\.|\[|[^:]*\.localhost(?::|$))[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$/i], paths: [/^\/_aws\/cloudfront\//, /^\/_local\/cloudfront\/?$/], public: true },
  config: { cloudfront: () => import("./config-schema.js").then((m) => m.cloudfrontConfigSchema()) },
  // Own ports from the config file open at start-up, before any CloudFront call.
  eager: (settings) => Boolean(settings.config.cloudfront),
  load: () => import("./index.js").then((m) => m.service),
};
