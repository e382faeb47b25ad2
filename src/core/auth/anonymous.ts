/**
 * The operations AWS serves without a signature, by API id (what `--enforce-iam strict` lets
 * through unsigned; every other unsigned request gets the service's missing-authentication error):
 * STS's web-identity and SAML federation, Cognito Identity's public calls (GetId,
 * GetCredentialsForIdentity, GetOpenIdToken, UnlinkIdentity — not ListIdentityPools, whose
 * reference page says "public" but which needs credentials), the Cognito user-pool calls a user
 * makes with a client id or an access token, SNS's subscription links (the SubscribeURL and
 * unsubscribe URL a subscriber opens). S3 serves any operation to anonymous callers its bucket
 * policies allow, and judges them itself (AccessDenied otherwise). An API not listed serves nothing
 * unsigned, so it is refused before its input is read.
 */

const ANONYMOUS: Record<string, ReadonlySet<string>> = {
  sts: new Set(["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]),
  "cognito-identity": new Set(["GetId", "GetCredentialsForIdentity", "GetOpenIdToken", "UnlinkIdentity"]),
  "cognito-idp": new Set([
    "AssociateSoftwareToken",
    "ChangePassword",
    "CompleteWebAuthnRegistration",
    "ConfirmDevice",
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "DeleteUser",
    "DeleteUserAttributes",
    "DeleteWebAuthnCredential",
    "ForgetDevice",
    "ForgotPassword",
    "GetDevice",
    "GetTokensFromRefreshToken",
    "GetUser",
    "GetUserAttributeVerificationCode",
    "GetUserAuthFactors",
    "GlobalSignOut",
    "InitiateAuth",
    "ListDevices",
    "ListWebAuthnCredentials",
    "ResendConfirmationCode",
    "RespondToAuthChallenge",
    "RevokeToken",
    "SetUserMFAPreference",
    "SetUserSettings",
    "SignUp",
    "StartWebAuthnRegistration",
    "UpdateAuthEventFeedback",
    "UpdateDeviceStatus",
    "UpdateUserAttributes",
    "VerifySoftwareToken",
    "VerifyUserAttribute",
  ]),
  sns: new Set(["ConfirmSubscription", "Unsubscribe"]),
};

/** APIs whose service judges unsigned requests itself (S3, by its bucket policies). */
const OWN_JUDGE = new Set(["s3"]);

/**
 * The operations of this API served unsigned: a set, "all" when the service judges unsigned
 * requests itself, undefined when it serves none.
 */
export function anonymousOperations(apiId: string): ReadonlySet<string> | "all" | undefined {
  if (OWN_JUDGE.has(apiId)) return "all";
  return Object.prototype.hasOwnProperty.call(ANONYMOUS, apiId) ? ANONYMOUS[apiId] : undefined;
}
