/**
 * Functions declared in the config file (`{"functions": {"name": {"handler", "codePath", ...}}}`):
 * their code runs from the directory on disk, and when a file under it changes the next invocation
 * starts a fresh environment with the new code — while between changes warm environments keep
 * their state, as on AWS.
 */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { watch, type FSWatcher } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { applyConfig, defaultConfig, validateConfigInput } from "./function-config.js";
import { saveVersion } from "./function-store.js";
import { isPlainName } from "./names.js";
import type { Runtime } from "./runtime.js";

export interface DeclaredFunction {
  handler: string;
  codePath: string;
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  environment?: Record<string, string>;
  description?: string;
  reservedConcurrency?: number;
  deadLetterTargetArn?: string;
}

export function startConfigFunctions(rt: Runtime): void {
  const declared = (rt.env.settings.config.functions ?? {}) as Record<string, DeclaredFunction>;
  const watchers: FSWatcher[] = [];
  const scope = { accountId: rt.env.settings.accountId, region: rt.env.settings.region };
  const install = (): void => {
    for (const [name, d] of Object.entries(declared)) {
      if (!isPlainName(name) || typeof d.handler !== "string" || typeof d.codePath !== "string") {
        rt.env.log.error({ fn: name }, "config function needs a valid name, handler and codePath; skipped");
        continue;
      }
      const dir = isAbsolute(d.codePath) ? d.codePath : resolve(rt.env.settings.configDir, d.codePath);
      const input = {
        Runtime: d.runtime ?? "nodejs20.x",
        Handler: d.handler,
        Role: `arn:aws:iam::${scope.accountId}:role/local-aws-config-function`,
        MemorySize: d.memorySize,
        Timeout: d.timeout,
        Description: d.description,
        Environment: d.environment ? { Variables: d.environment } : undefined,
        DeadLetterConfig: d.deadLetterTargetArn ? { TargetArn: d.deadLetterTargetArn } : undefined,
      };
      try {
        validateConfigInput(input, true);
      } catch (err) {
        rt.env.log.error({ fn: name, err: (err as Error).message }, "config function is invalid; skipped");
        continue;
      }
      const arn = rt.functionArn(scope, name);
      const config: FunctionConfiguration = applyConfig(defaultConfig(name, arn, rt.env.clock.now()), input);
      config.CodeSha256 = "";
      config.CodeSize = 0;
      rt.env.store.txn(() => {
        if (!rt.functionRow(scope, name)) rt.stmts.insertFunction.run(scope.accountId, scope.region, name, "{}", "config", rt.env.clock.now());
        if (d.reservedConcurrency !== undefined) rt.stmts.setReserved.run(d.reservedConcurrency, scope.accountId, scope.region, name);
        saveVersion(rt, scope, name, "$LATEST", config, `path:${dir}`, 0);
      });
      rt.spares.prime(config.MemorySize ?? 128);
    }
  };
  install();
  rt.restoreHooks.add(install);
  for (const [name, d] of Object.entries(declared)) {
    if (!isPlainName(name) || typeof d.codePath !== "string") continue;
    const dir = isAbsolute(d.codePath) ? d.codePath : resolve(rt.env.settings.configDir, d.codePath);
    const key = `${scope.accountId}:${scope.region}:${name}`;
    try {
      const w = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
        if (file && /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(String(file))) return;
        rt.codeGeneration.set(key, (rt.codeGeneration.get(key) ?? 0) + 1);
        rt.discardEnvironments(scope, name);
      });
      watchers.push(w);
    } catch (err) {
      rt.env.log.warn({ fn: name, err: (err as Error).message }, "cannot watch the code directory; changes need a restart");
    }
  }
  rt.closeHooks.add(() => {
    for (const w of watchers) w.close();
  });
}
