import type { ServiceManifest } from "../core/service.js";

export const s3Manifest: ServiceManifest = {
  name: "s3",
  tablePrefix: "s3_",
  apis: [
    {
      id: "s3",
      protocol: "restXml",
      endpointName: "s3",
      signingNames: ["s3"],
      hosts: [/^(?<bucket>[a-z0-9][a-z0-9.-]*)\.s3\.localhost(:\d+)?$/],
      fallback: true,
      ownCors: true,
    },
  ],
  dataPlane: {
    hosts: [/^[a-z0-9][a-z0-9.-]*\.s3-website\.localhost(:\d+)?$/],
    paths: [/^\/_local\/website\//],
    public: true,
  },
  provides: ["ObjectReader", "ObjectWriter"],
  authorization: () => import("./iam-authorization.js").then((m) => m.s3Authorization),
  load: () => import("./index.js").then((m) => m.service),
};
