/** The variables an environment starts with: the function's own, then AWS's reserved ones. */
import type { ResolvedFunction } from "./function-resolution.js";
import { applicationLevel, isJsonFormat } from "./log-format.js";

export function environmentVariables(f: ResolvedFunction, endpoint: string, logStream: string, initType: string, taskRoot: string): Record<string, string> {
  const c = f.config;
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: "en_US.UTF-8",
    AWS_ENDPOINT_URL: endpoint,
    // The SDK we provide warns on Node 20 about its 2027 releases; AWS's runtimes bundle an SDK
    // that does not, so function logs would differ from AWS's. A function may turn it back on.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...(c.Environment?.Variables ?? {}),
    AWS_REGION: f.scope.region,
    AWS_DEFAULT_REGION: f.scope.region,
    AWS_LAMBDA_FUNCTION_NAME: f.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.MemorySize ?? 128),
    AWS_LAMBDA_FUNCTION_VERSION: f.version,
    AWS_LAMBDA_LOG_GROUP_NAME: c.LoggingConfig?.LogGroup ?? `/aws/lambda/${f.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: initType,
    AWS_EXECUTION_ENV: `AWS_Lambda_${c.Runtime ?? "nodejs20.x"}`,
    AWS_ACCESS_KEY_ID: "AKIDLOCALAWSLAMBDA",
    AWS_SECRET_ACCESS_KEY: "local-aws-lambda-secret",
    AWS_SESSION_TOKEN: "local-aws-lambda-session",
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: "/var/runtime",
    _HANDLER: c.Handler ?? "index.handler",
    ...(isJsonFormat(c.LoggingConfig) ? { AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: applicationLevel(c.LoggingConfig) ?? "INFO" } : {}),
  };
}
