import type { ServiceManifest } from "../core/service.js";

export const cognitoManifest: ServiceManifest = {
  name: "cognito-idp",
  tablePrefix: "cognito_",
  apis: [
    {
      id: "cognito-idp",
      protocol: "awsJson1_1",
      endpointName: "cognito-idp",
      signingNames: ["cognito-idp"],
      targetPrefixes: ["AWSCognitoIdentityProviderService"],
    },
  ],
  dataPlane: {
    hosts: [/^[a-z0-9-]+\.auth\.[a-z0-9-]+\.localhost(:\d+)?$/],
    paths: [/^\/[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+\/\.well-known\//, /^\/_local\/cognito\//, /^\/_aws\/cognito\//],
  },
  provides: ["TokenIssuerKeys"],
  config: { cognito: () => import("./config-schema.js").then((m) => m.cognitoConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
