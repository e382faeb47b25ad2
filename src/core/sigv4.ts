/**
 * SigV4 credential scope parsing. Any credentials are accepted; the scope tells which service and
 * region a request was signed for, and the access key id may name the account.
 */

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** SigV4a (`AWS4-ECDSA-P256-SHA256`) scopes have no region: `AKID/<date>/<service>/aws4_request`. */
const AUTH_CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/(?:([^/]+)\/)?([^/]+)\/aws4_request/;

/** Scopes by their `Credential=` text: a client signs every request with the same few. */
const scopes = new Map<string, CredentialScope>();
const MAX_SCOPES = 1024;

export function scopeFromAuthorization(header: string | undefined): CredentialScope | undefined {
  if (!header) return undefined;
  const at = header.indexOf("Credential=");
  const comma = at < 0 ? -1 : header.indexOf(",", at);
  const credential = comma < 0 ? undefined : header.slice(at, comma);
  const known = credential === undefined ? undefined : scopes.get(credential);
  if (known) return known;
  const m = AUTH_CREDENTIAL.exec(header);
  if (m) {
    const scope = Object.freeze({ accessKeyId: m[1]!, date: m[2]!, region: m[3] ?? "", service: m[4]! });
    // Remembered only when the match is exactly the text it is looked up by.
    if (credential !== undefined && m.index === at && m.index + m[0].length <= comma) {
      if (scopes.size >= MAX_SCOPES) scopes.clear();
      scopes.set(credential, scope);
    }
    return scope;
  }
  // SigV2 (`AWS AKID:signature`), still sent by some old S3 tools.
  const v2 = /^AWS ([^:]+):/.exec(header);
  if (v2) return { accessKeyId: v2[1]!, date: "", region: "", service: "" };
  return undefined;
}

/** `X-Amz-Credential=AKID/20250101/us-east-1/s3/aws4_request` of a presigned URL. */
export function scopeFromQuery(credential: string | undefined): CredentialScope | undefined {
  if (!credential) return undefined;
  const parts = credential.split("/");
  if (parts.length < 5) return undefined;
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

/** The account is the access key id when that is 12 digits (a common local convention). */
export function accountFor(accessKeyId: string | undefined, fallback: string): string {
  return accessKeyId?.length === 12 && /^\d{12}$/.test(accessKeyId) ? accessKeyId : fallback;
}
