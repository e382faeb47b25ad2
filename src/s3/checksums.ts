import { Crc32c } from "@aws-crypto/crc32c";
import { Crc64Nvme } from "@aws-sdk/crc64-nvme";
import { createHash, type Hash } from "node:crypto";
import { crc32 } from "node:zlib";

/** S3's flexible checksum algorithms, as the API spells them. */
export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
export const CHECKSUM_ALGORITHMS: ChecksumAlgorithm[] = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/** A checksum as stored with an object or part. `type` COMPOSITE values end in `-<parts>`. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: "FULL_OBJECT" | "COMPOSITE";
}

export interface Hasher {
  update(chunk: Buffer): void;
  /** Base64 of the digest, as S3 returns it. */
  digest(): Promise<string>;
}

function uint32Base64(n: number): string {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString("base64");
}

class Crc32Hasher implements Hasher {
  private value = 0;
  update(chunk: Buffer): void {
    this.value = crc32(chunk, this.value);
  }
  digest(): Promise<string> {
    return Promise.resolve(uint32Base64(this.value));
  }
}

class Crc32cHasher implements Hasher {
  private readonly impl = new Crc32c();
  update(chunk: Buffer): void {
    this.impl.update(chunk);
  }
  digest(): Promise<string> {
    return Promise.resolve(uint32Base64(this.impl.digest()));
  }
}

class Crc64Hasher implements Hasher {
  private readonly impl = new Crc64Nvme();
  update(chunk: Buffer): void {
    this.impl.update(chunk);
  }
  async digest(): Promise<string> {
    return Buffer.from(await this.impl.digest()).toString("base64");
  }
}

class ShaHasher implements Hasher {
  private readonly hash: Hash;
  constructor(algorithm: "sha1" | "sha256") {
    this.hash = createHash(algorithm);
  }
  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }
  digest(): Promise<string> {
    return Promise.resolve(this.hash.digest("base64"));
  }
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case "CRC32":
      return new Crc32Hasher();
    case "CRC32C":
      return new Crc32cHasher();
    case "CRC64NVME":
      return new Crc64Hasher();
    case "SHA1":
      return new ShaHasher("sha1");
    case "SHA256":
      return new ShaHasher("sha256");
  }
}

export function parseAlgorithm(name: string | undefined): ChecksumAlgorithm | undefined {
  if (!name) return undefined;
  const upper = name.toUpperCase();
  return (CHECKSUM_ALGORITHMS as string[]).includes(upper) ? (upper as ChecksumAlgorithm) : undefined;
}

/** The response/request header of an algorithm: `x-amz-checksum-crc32`. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The SDK output member of an algorithm: `ChecksumCRC32`. */
export function checksumMember(algorithm: ChecksumAlgorithm): `Checksum${ChecksumAlgorithm}` {
  return `Checksum${algorithm}`;
}

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export function isValidChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === DIGEST_BYTES[algorithm];
}

/** Output members for a stored checksum (`ChecksumCRC32` and `ChecksumType`). */
export function checksumOutput(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumMember(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type };
}

/** Digest of the concatenated binary digests: the COMPOSITE checksum of a multipart object. */
export async function compositeOf(algorithm: ChecksumAlgorithm, partValues: string[]): Promise<string> {
  const h = createHasher(algorithm);
  for (const v of partValues) h.update(Buffer.from(v, "base64"));
  return `${await h.digest()}-${partValues.length}`;
}
