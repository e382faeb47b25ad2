/**
 * The RequestAuthenticator port's implementation (offered through Cognito Identity): data planes
 * that authenticate with IAM (API Gateway AWS_IAM, Lambda function URLs with AWS_IAM) verify a
 * request's SigV4 signature with it. Under `--enforce-iam off` any well-formed SigV4 signature is
 * accepted as before; under `on` keys local-aws issued are verified (others act as root);
 * `strict` refuses unknown keys too.
 */
import { realTime, type Clock } from "../clock.js";
import { accountFor } from "../sigv4.js";
import type { AuthenticatedCaller, RequestAuthenticator } from "../ports.js";
import type { PortRegistry } from "../service.js";
import type { Settings } from "../settings.js";
import * as errors from "./errors.js";
import { issuedCredentials, issuerPorts, type IssuerPorts } from "./enforce.js";
import { signatureOf } from "./sigv4-verify.js";
import { verifySignature, type VerifyState } from "./verify.js";

const STYLES: Record<string, errors.ErrorStyle> = { json: "json", "rest-json": "rest-json", query: "query", xml: "xml" };

export function requestAuthenticator(env: { settings: Settings; clock: Clock; ports: PortRegistry }): RequestAuthenticator {
  const verifyState: VerifyState & { ports?: IssuerPorts } = { keys: undefined };
  return {
    async authenticate(req, options) {
      const style = STYLES[options.style] ?? "json";
      const query = new URLSearchParams(req.rawQuery);
      let parts;
      try {
        parts = signatureOf(req, query);
      } catch (err) {
        throw errors.incompleteSignature(style, (err as Error).message);
      }
      if (!parts) throw errors.incompleteSignature(style, "Missing Authentication Token");
      const root = (): AuthenticatedCaller => {
        const account = accountFor(parts.accessKeyId, env.settings.accountId);
        return { accessKeyId: parts.accessKeyId, account, principalArn: `arn:aws:iam::${account}:root`, userId: account, issued: false };
      };
      const mode = env.settings.enforceIam ?? "off";
      if (mode === "off") return root();
      const creds = issuedCredentials(await issuerPorts(verifyState, env.ports), parts.accessKeyId);
      if (!creds) {
        if (mode === "strict" && !/^\d{12}$/.test(parts.accessKeyId)) throw errors.unknownAccessKey(style, parts.accessKeyId);
        return root();
      }
      verifySignature(verifyState, req, query, creds, { style, body: options.body ?? (req.headers["x-amz-content-sha256"] !== undefined ? "header" : Buffer.alloc(0)), now: env.clock.now(), wallNow: realTime.now() });
      return { accessKeyId: creds.accessKeyId, account: creds.account, principalArn: creds.principalArn, userId: creds.userId, issued: true };
    },
  };
}
