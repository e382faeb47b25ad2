/**
 * A self-signed certificate for `--tls`, made with node:crypto alone: an EC P-256 key and an X.509
 * v3 certificate for localhost, 127.0.0.1 and ::1 (DER built here; the signature is crypto.sign's).
 * Clients must be told to trust it (`NODE_EXTRA_CA_CERTS`, the CLI's `--ca-bundle`) or to skip
 * verification; it is written beside the data so the same certificate serves across restarts.
 */
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const seq = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
const set = (...parts: Buffer[]): Buffer => der(0x31, ...parts);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [a! * 40 + b!];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}

function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14); // YYYYMMDDHHMMSS
  return der(0x18, Buffer.from(`${iso}Z`, "ascii")); // GeneralizedTime
}

function positiveInteger(bytes: Buffer): Buffer {
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));
const DAY = 86_400_000;

export interface Certificate {
  key: string;
  cert: string;
}

/** A new key and a certificate valid from a day before `now` for ten years. */
export function selfSignedCertificate(now: number): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = seq(set(seq(oid("2.5.4.3"), der(0x0c, Buffer.from("local-aws", "utf8")))));
  const altNames = seq(
    der(0x82, Buffer.from("localhost")),
    der(0x82, Buffer.from("*.localhost")),
    der(0x87, Buffer.from([127, 0, 0, 1])),
    der(0x87, Buffer.alloc(16, 0).fill(1, 15)),
  );
  const extensions = der(
    0xa3,
    seq(
      seq(oid("2.5.29.17"), der(0x04, altNames)),
      seq(oid("2.5.29.19"), der(0x01, Buffer.from([0xff])), der(0x04, seq())),
    ),
  );
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    positiveInteger(serial),
    ECDSA_SHA256,
    name,
    seq(time(now - DAY), time(now + 3650 * DAY)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${certificate.toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert };
}

/**
 * The certificate kept in `<dataDir>/tls/` (made on first use), or a fresh one in memory. A stored
 * one that no longer parses or has expired is replaced.
 */
export function serverCertificate(dataDir: string | undefined, now: number): Certificate {
  if (!dataDir) return selfSignedCertificate(now);
  const dir = join(dataDir, "tls");
  const certPath = join(dir, "local-aws.crt");
  const keyPath = join(dir, "local-aws.key");
  if (existsSync(certPath) && existsSync(keyPath)) {
    try {
      const stored = { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") };
      const x509 = new X509Certificate(stored.cert);
      if (Date.parse(x509.validTo) > now && x509.checkPrivateKey(createPrivateKey(stored.key))) return stored;
    } catch {
      // unreadable: make a new one
    }
  }
  const made = selfSignedCertificate(now);
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert);
  return made;
}
