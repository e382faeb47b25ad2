import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { randomUUID } from "node:crypto";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { lambdaTimestamp } from "../function-config.js";
import { saveVersion } from "../function-store.js";
import { sameConfig } from "../publish-rules.js";

export const publishVersion = lambdaOperation<{ FunctionName: string; CodeSha256?: string; Description?: string; RevisionId?: string }, FunctionConfiguration>({
  name: "PublishVersion",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    if (input.CodeSha256 && input.CodeSha256 !== f.config.CodeSha256) {
      throw lambdaErrors.invalidParameter(`CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${f.config.CodeSha256}). Please try again from an updated version.`);
    }
    if (input.RevisionId && input.RevisionId !== f.config.RevisionId) {
      throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    // Publishing unchanged code and configuration returns the latest version (AWS does not duplicate).
    const versions = rt.stmts.versionsOf.all(ctx.accountId, ctx.region, f.name, 0, 1_000_000);
    const last = versions[versions.length - 1];
    if (last) {
      const prev = JSON.parse(last.config) as FunctionConfiguration;
      if (prev.CodeSha256 === f.config.CodeSha256 && prev.MasterArn === undefined && sameConfig(prev, f.config)) return prev;
    }
    const version = String(f.row.next_version);
    const config: FunctionConfiguration = {
      ...f.config,
      Version: version,
      FunctionArn: `${f.unqualifiedArn}:${version}`,
      Description: input.Description ?? f.config.Description,
      RevisionId: randomUUID(),
      LastModified: lambdaTimestamp(ctx.clock.now()),
      // A SnapStart version is snapshotted once published (its init runs now, see snapstart.ts).
      ...(f.config.SnapStart?.ApplyOn === "PublishedVersions" ? { SnapStart: { ApplyOn: "PublishedVersions", OptimizationStatus: "On" } } : {}),
    };
    ctx.store.txn(() => {
      saveVersion(rt, ctx, f.name, version, config, f.codeId, Number(version));
      rt.stmts.bumpVersion.run(ctx.accountId, ctx.region, f.name);
    });
    if (config.SnapStart?.OptimizationStatus === "On") rt.prepareSnapshot(rt.resolve(ctx, f.name, version));
    return config;
  },
});
