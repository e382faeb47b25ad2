/**
 * The SigV4 verifier against the SDK's own signer (@smithy/signature-v4) as the reference: paths
 * with reserved characters, repeated and empty query keys, S3's unnormalised paths, presigned URLs,
 * and the checks' order and errors.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { signatureOf } from "../../src/core/auth/sigv4-verify.js";
import { verifySignature, type VerifyState } from "../../src/core/auth/verify.js";
import type { ResolvedCredentials } from "../../src/core/ports.js";

const creds: ResolvedCredentials = {
  accessKeyId: "ASIAEXAMPLEEXAMPLE12",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
  account: "000000000000",
  principalArn: "arn:aws:sts::000000000000:assumed-role/r/s",
  userId: "AROAEXAMPLE:s",
};

interface Case {
  service: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: string;
  headers?: Record<string, string>;
}

function wire(path: string, query: Record<string, string | string[]>): { rawPath: string; rawQuery: string } {
  const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pairs = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`));
  return { rawPath: path, rawQuery: pairs.join("&") };
}

async function signed(c: Case, secret = creds.secretAccessKey, presign = false): Promise<{ method: string; rawPath: string; rawQuery: string; headers: Record<string, string> }> {
  const signer = new SignatureV4({ service: c.service, region: "us-east-1", credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: secret, sessionToken: creds.sessionToken }, sha256: Sha256, uriEscapePath: c.service !== "s3" });
  const request = { method: c.method, protocol: "http:", hostname: "localhost", port: 4566, path: c.path, query: c.query, headers: { host: "localhost:4566", ...c.headers }, ...(c.body !== undefined ? { body: c.body } : {}) };
  // As @aws-sdk/s3-request-presigner does: S3 presigned URLs sign UNSIGNED-PAYLOAD.
  const out = presign ? await signer.presign({ ...request, headers: { ...request.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }, { expiresIn: 300, unhoistableHeaders: new Set(["x-amz-content-sha256"]) }) : await signer.sign(request);
  const { rawPath, rawQuery } = wire(out.path, out.query as Record<string, string | string[]>);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
  return { method: c.method, rawPath, rawQuery, headers };
}

function check(req: { method: string; rawPath: string; rawQuery: string; headers: Record<string, string> }, body: string | undefined, o: { now?: number; state?: VerifyState } = {}): void {
  const now = o.now ?? Date.now();
  // As enforcement does: S3 and presigned URLs sign the payload hash they send; other services' bodies are hashed.
  const s3 = req.headers.authorization?.includes("/s3/aws4_request") ?? false;
  const payload = (s3 && req.headers["x-amz-content-sha256"] !== undefined) || req.rawQuery.includes("X-Amz-Signature") ? "header" : Buffer.from(body ?? "");
  verifySignature(o.state ?? { keys: undefined }, req, new URLSearchParams(req.rawQuery), creds, { style: "json", body: payload, now, wallNow: now });
}

const CASES: [string, Case][] = [
  ["a JSON POST", { service: "dynamodb", method: "POST", path: "/", query: {}, body: '{"TableName":"t"}', headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" } }],
  ["a REST path with reserved characters, encoded twice", { service: "lambda", method: "GET", path: "/2015-03-31/functions/my%3Afn%20x/configuration", query: { Qualifier: "$LATEST" } }],
  ["repeated, empty and reserved query values", { service: "execute-api", method: "GET", path: "/prod/items", query: { b: ["2", "1"], a: "", "c d": "x/y?z*" } }],
  ["a path with dot segments and a header with runs of spaces and tabs", { service: "execute-api", method: "GET", path: "/prod/./a/../items/", query: {}, headers: { "x-custom": "a   b\tc" } }],
  ["S3's path as sent, without normalisation", { service: "s3", method: "PUT", path: "/bucket/a//b/../c%20d.txt", query: {}, body: "hello", headers: { "x-amz-content-sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" } }],
];

describe("SigV4 verification agrees with the SDK's signer", () => {
  for (const [name, c] of CASES) {
    it(`accepts ${name}`, async () => {
      check(await signed(c), c.body);
    });
    it(`refuses ${name} signed with another secret, or with a changed body or header`, async () => {
      const wrong = await signed(c, "another-secret");
      expect(() => check(wrong, c.body)).toThrow(expect.objectContaining({ code: "InvalidSignatureException", status: 400 }) as Error);
      const good = await signed(c);
      if (c.body !== undefined && c.service !== "s3") expect(() => check(good, `${c.body} `)).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }) as Error);
      expect(() => check({ ...good, headers: { ...good.headers, host: "localhost:4567" } }, c.body)).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }) as Error);
    });
  }

  it("accepts a presigned URL and refuses it once X-Amz-Expires has passed", async () => {
    const c: Case = { service: "s3", method: "GET", path: "/bucket/key.txt", query: {} };
    const url = await signed(c, creds.secretAccessKey, true);
    check(url, undefined);
    expect(() => check(url, undefined, { now: Date.now() + 301_000 })).toThrow(expect.objectContaining({ code: "InvalidSignatureException", message: expect.stringMatching(/^Signature expired: /) as string }) as Error);
  });

  it("checks expiry, then skew, then the session token, then the signature", async () => {
    const req = await signed(CASES[0]![1]);
    const body = CASES[0]![1].body;
    expect(() => verifySignature({ keys: undefined }, req, new URLSearchParams(), { ...creds, expiration: Date.now() - 1 }, { style: "json", body: Buffer.from(body!), now: Date.now(), wallNow: Date.now() })).toThrow(
      expect.objectContaining({ code: "ExpiredTokenException", message: "The security token included in the request is expired" }) as Error,
    );
    expect(() => check(req, body, { now: Date.now() + 16 * 60_000 })).toThrow(expect.objectContaining({ code: "InvalidSignatureException", message: expect.stringMatching(/ - 15 min\.\)$/) as string }) as Error);
    expect(() => check({ ...req, headers: { ...req.headers, "x-amz-security-token": "other" } }, body)).toThrow(expect.objectContaining({ code: "UnrecognizedClientException" }) as Error);
  });

  it("reads the Authorization header's fields in any order, with spaces around them", async () => {
    const req = await signed(CASES[0]![1]);
    const auth = req.headers.authorization!;
    const [scheme, ...rest] = auth.split(" ");
    const fields = rest.join(" ").split(", ");
    const reordered = `${scheme} ${[fields[2], fields[0], fields[1]].join(",  ")} `;
    check({ ...req, headers: { ...req.headers, authorization: reordered } }, CASES[0]![1].body);
    const signatureFirst = `${scheme} ${[fields[2], fields[1], fields[0]].join(", ")}`;
    check({ ...req, headers: { ...req.headers, authorization: signatureFirst } }, CASES[0]![1].body);
  });

  it("refuses another session token even when the request is signed over it with the right secret, and a missing one", async () => {
    const c = CASES[0]![1];
    const signer = new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: `${creds.sessionToken}X` }, sha256: Sha256 });
    const out = await signer.sign({ method: "POST", protocol: "http:", hostname: "localhost", port: 4566, path: "/", query: {}, headers: { host: "localhost:4566", ...c.headers }, body: c.body });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
    const req = { method: "POST", rawPath: "/", rawQuery: "", headers };
    const invalid = expect.objectContaining({ code: "UnrecognizedClientException", message: "The security token included in the request is invalid." }) as Error;
    expect(() => check(req, c.body)).toThrow(invalid);
    const unsignedToken = await signed(c);
    delete unsignedToken.headers["x-amz-security-token"];
    expect(() => check(unsignedToken, c.body)).toThrow(invalid);
  });

  it("recognises a presigned URL fetched again by its bytes, still refuses a changed one, and remembers no header-signed request", async () => {
    const state: VerifyState = { keys: undefined };
    const url = await signed({ service: "s3", method: "GET", path: "/bucket/key.txt", query: {} }, creds.secretAccessKey, true);
    check(url, undefined, { state });
    check(url, undefined, { state });
    expect(state.verified?.size).toBe(1);
    expect(() => check({ ...url, headers: { ...url.headers, host: "localhost:4567" } }, undefined, { state })).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }) as Error);
    const c = CASES[0]![1];
    const req = await signed(c);
    check(req, c.body, { state });
    expect(state.verified?.size).toBe(1);
    expect(() => check(req, `${c.body} `, { state })).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }) as Error);
  });

  it("reads a header without a signature as incomplete", () => {
    expect(() => signatureOf({ method: "GET", rawPath: "/", rawQuery: "", headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host" } }, new URLSearchParams())).toThrow(
      /Authorization header requires 'Signature' parameter/,
    );
  });
});
