/**
 * Reading and writing function versions in the store (the FunctionConfiguration JSON of $LATEST and
 * of published versions), shared by the operations.
 */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { Scope } from "../core/events.js";
import type { Runtime } from "./runtime.js";

export function saveVersion(rt: Runtime, scope: Scope, name: string, version: string, config: FunctionConfiguration, codeId: string, seq: number): void {
  rt.stmts.putVersion.run(scope.accountId, scope.region, name, version, JSON.stringify(config), codeId, seq);
}

export function loadVersion(rt: Runtime, scope: Scope, name: string, version: string): { config: FunctionConfiguration; codeId: string } | undefined {
  const v = rt.stmts.getVersion.get(scope.accountId, scope.region, name, version);
  return v ? { config: JSON.parse(v.config) as FunctionConfiguration, codeId: v.code_id } : undefined;
}

/** Releases code blobs no version references any more. */
export function releaseUnreferencedCode(rt: Runtime, codeIds: Iterable<string>): void {
  for (const id of new Set(codeIds)) {
    if ((rt.stmts.codeRefs.get(id)?.n ?? 0) === 0) rt.code.release(id, rt.env.store.hasSnapshots());
  }
}

/** The wire view of a configuration (what Get/List return): State as AWS shows it once settled. */
export function publicConfig(config: FunctionConfiguration): FunctionConfiguration {
  return config;
}
