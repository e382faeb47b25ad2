import type { ServiceManifest } from "../core/service.js";

export const iamManifest: ServiceManifest = {
  name: "iam",
  tablePrefix: "iam_",
  apis: [{ id: "iam", protocol: "awsQuery", endpointName: "iam", signingNames: ["iam"] }],
  provides: ["RoleTrust", "PrincipalPolicies"],
  authorization: () => import("./iam-authorization.js").then((m) => m.iamAuthorization),
  load: () => import("./index.js").then((m) => m.service),
};
