/** IAM's state (built by core per server), ids in IAM's form, and the lookups operations share. */
import { randomBytes } from "node:crypto";
import { AwsError } from "../core/errors.js";
import type { ResolvedCredentials } from "../core/ports.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import type { PolicyDocument } from "./policy/document.js";
import { IamStatements } from "./store.js";

export interface IamState {
  sql: IamStatements;
  env: ServiceEnv;
  /** Moves on every change IAM makes (and on restore/reset): compiled policies older than it are stale. */
  generation: number;
  /** Enforcement's compiled policies per principal (see authorize.ts). */
  compiled: Map<string, CompiledPrincipal>;
  sessionPolicies: Map<string, PolicyDocument>;
  /** Enforcement's access key lookups (undefined: not an active key), valid while the generation holds. */
  accessKeys: Map<string, { generation: number; credentials: ResolvedCredentials | undefined }>;
}

export interface CompiledPrincipal {
  generation: number;
  identity: PolicyDocument[];
  boundary?: PolicyDocument;
}

export function createIamState(env: ServiceEnv): IamState {
  return { sql: new IamStatements(env.store), env, generation: 0, compiled: new Map(), sessionPolicies: new Map(), accessKeys: new Map() };
}

export const { service: iamService, operation: iamOperation } = serviceWithState<IamState>();

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `AROA`/`AIDA`/`ANPA`/`AKIA` + upper-case letters and digits 2-7, as IAM's unique ids. */
export function iamId(prefix: string, length = 17): string {
  let out = prefix;
  for (const b of randomBytes(length)) out += ALPHABET[b & 31];
  return out;
}

export function noSuchEntity(message: string): AwsError {
  return new AwsError("NoSuchEntity", message, { status: 404 });
}

export function alreadyExists(message: string): AwsError {
  return new AwsError("EntityAlreadyExists", message, { status: 409 });
}

export function deleteConflict(message: string): AwsError {
  return new AwsError("DeleteConflict", message, { status: 409 });
}

/** Pagination markers are the last name returned, base64url. */
export function afterMarker(marker: string | undefined): string {
  return marker ? Buffer.from(marker, "base64url").toString("utf8") : "";
}

export function page<T>(rows: T[], max: number, keyOf: (row: T) => string): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const items = rows.slice(0, max);
  const truncated = rows.length > max;
  return { items, IsTruncated: truncated, ...(truncated ? { Marker: Buffer.from(keyOf(items[items.length - 1]!)).toString("base64url") } : {}) };
}

/** IAM returns policy documents URL-encoded (the SDKs hand them over as sent). */
export function encodedDocument(text: string): string {
  return encodeURIComponent(text);
}
