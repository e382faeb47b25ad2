import type { ServiceManifest } from "../core/service.js";

export const lambdaManifest: ServiceManifest = {
  name: "lambda",
  tablePrefix: "lambda_",
  apis: [
    {
      id: "lambda",
      protocol: "restJson1",
      endpointName: "lambda",
      signingNames: ["lambda"],
      pathPrefixes: ["/2015-03-31/", "/2017-03-31/", "/2017-10-31/", "/2019-09-25/", "/2019-09-30/", "/2016-08-19/", "/2018-10-31/", "/2021-10-31/", "/2021-11-15/"],
    },
  ],
  // Function URLs are served to any browser origin, with each URL's own CORS configuration (as
  // AWS does); the /_local/lambda/ reads (metrics, code downloads) send no CORS headers.
  dataPlane: { hosts: [/^[a-z0-9]+\.lambda-url\.[a-z0-9-]+\.localhost(?::\d+)?$/], paths: [/^\/_local\/lambda\//, /^\/_aws\/lambda-url\//], public: true },
  provides: ["FunctionInvoker"],
  consumes: { "s3-notifications": ["s3.NotificationMatched"] },
  // Config-declared functions are installed and watched from the start, not on the first request.
  eager: (settings) => Boolean(settings.config.functions),
  config: {
    lambda: () => import("./config-schema.js").then((m) => m.lambdaConfigSchema()),
    functions: () => import("./config-schema.js").then((m) => m.functionsConfigSchema()),
  },
  authorization: () => import("./iam-authorization.js").then((m) => m.lambdaAuthorization),
  load: () => import("./index.js").then((m) => m.createService()),
};
