import type { ServiceManifest } from "../core/service.js";

const HOSTED_UI = /^[a-z0-9-]+\.auth\.[a-z0-9-]+\.localhost(:\d+)?$/;
const HOSTED_UI_PATH = /^\/_aws\/cognito\//;
const JWKS = /^\/[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+\/\.well-known\//;

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
    hosts: [HOSTED_UI],
    paths: [JWKS, /^\/_local\/cognito\//, HOSTED_UI_PATH],
    // The hosted UI and a pool's JWKS/OpenID configuration are reached from any site on AWS
    // (sign-in redirects, SPAs fetching keys); the local message inbox is not.
    public: { hosts: [HOSTED_UI], paths: [JWKS, HOSTED_UI_PATH] },
  },
  provides: ["TokenIssuerKeys"],
  config: { cognito: () => import("./config-schema.js").then((m) => m.cognitoConfigSchema()) },
  load: () => import("./index.js").then((m) => m.service),
};
