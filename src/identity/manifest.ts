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
    // Unsigned requests are routed by their Action: AssumeRoleWithWebIdentity and AssumeRoleWithSAML
    // are sent unsigned; any other STS action sent unsigned reaches STS too (which refuses it under
    // `--enforce-iam strict` as STS does), not the fallback service.
    {
      id: "sts",
      protocol: "awsQuery",
      endpointName: "sts",
      signingNames: ["sts"],
      queryActions: [
        "AssumeRoleWithWebIdentity",
        "AssumeRoleWithSAML",
        "AssumeRole",
        "AssumeRoot",
        "DecodeAuthorizationMessage",
        "GetAccessKeyInfo",
        "GetCallerIdentity",
        "GetDelegatedAccessToken",
        "GetFederationToken",
        "GetSessionToken",
        "GetWebIdentityToken",
      ],
    },
  ],
  provides: ["CredentialResolver", "RequestAuthenticator"],
  authorization: () => import("./iam-authorization.js").then((m) => m.identityAuthorization),
  load: () => import("./index.js").then((m) => m.service),
};
