import type { ServiceManifest } from "../core/service.js";

export const identityManifest: ServiceManifest = {
  name: "cognito-identity",
  tablePrefix: "cid_",
  apis: [
    {
      id: "cognito-identity",
      protocol: "awsJson1_1",
      endpointName: "cognito-identity",
      signingNames: ["cognito-identity"],
      targetPrefixes: ["AWSCognitoIdentityService"],
    },
    // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are sent unsigned.
    { id: "sts", protocol: "awsQuery", endpointName: "sts", signingNames: ["sts"], queryActions: ["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"] },
  ],
  provides: ["CredentialResolver", "RequestAuthenticator"],
  authorization: () => import("./iam-authorization.js").then((m) => m.identityAuthorization),
  load: () => import("./index.js").then((m) => m.service),
};
