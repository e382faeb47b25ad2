/**
 * FunctionConfiguration as the API returns it: built from CreateFunction's input, updated by
 * UpdateFunctionConfiguration, validated with AWS's limits and messages.
 */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { createHash, randomUUID } from "node:crypto";
import { commonErrors } from "../core/errors.js";
import { jsonToken } from "../core/models/render.js";
import { ephemeralStorageProblem } from "./ephemeral-storage.js";
import { lambdaErrors, validationErrors } from "./errors.js";
import { JAVA_RUNTIMES, PROVIDED_RUNTIMES, PYTHON_RUNTIMES, RUBY_RUNTIMES } from "./process-runtimes.js";
import { SNAPSTART_RUNTIMES } from "./snapstart.js";

export const SUPPORTED_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x", ...PYTHON_RUNTIMES, ...JAVA_RUNTIMES, ...RUBY_RUNTIMES, ...PROVIDED_RUNTIMES];
const DEPRECATED_RUNTIMES = ["nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs4.3-edge"];
const ALL_RUNTIMES = [
  ...DEPRECATED_RUNTIMES,
  ...SUPPORTED_RUNTIMES,
  "java8", "java8.al2", "java11", "java17", "java21", "java25", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11",
  "python3.12", "python3.13", "python3.14", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "dotnet10", "go1.x",
  "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4", "provided", "provided.al2", "provided.al2023",
];
export const ENV_LIMIT_BYTES = 4096;
const RESERVED_ENV = [
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
];

/** Lambda's timestamp format: `2024-05-01T12:00:00.000+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

export interface ConfigInput {
  Runtime?: string;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig?: { Mode?: string };
  Layers?: string[];
  EphemeralStorage?: { Size?: number };
  LoggingConfig?: { LogFormat?: string; LogGroup?: string; ApplicationLogLevel?: string; SystemLogLevel?: string };
  Architectures?: string[];
  SnapStart?: { ApplyOn?: string };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; Ipv6AllowedForDualStack?: boolean };
}

/** Members of a scalar type: a JSON value of another type is refused before anything uses it (as AWS's deserializer does). */
const SCALAR_TYPES: [keyof ConfigInput, "Integer" | "String"][] = [
  ["Timeout", "Integer"], ["MemorySize", "Integer"], ["Runtime", "String"], ["Role", "String"], ["Handler", "String"], ["Description", "String"],
];

export function validateConfigInput(input: ConfigInput, creating: boolean): void {
  for (const [member, type] of SCALAR_TYPES) {
    const v: unknown = input[member];
    if (v === undefined || v === null) continue;
    if (type === "Integer" ? !Number.isSafeInteger(v) : typeof v !== "string") throw commonErrors.serialization(`${jsonToken(v)} cannot be converted to ${type}`);
  }
  const problems: string[] = [];
  if (input.MemorySize !== undefined) {
    if (input.MemorySize < 128) problems.push(`Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128`);
    else if (input.MemorySize > 10240) problems.push(`Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240`);
  }
  if (input.Timeout !== undefined) {
    if (input.Timeout < 1) problems.push(`Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  const storageProblem = ephemeralStorageProblem(input.EphemeralStorage?.Size);
  if (storageProblem) problems.push(storageProblem);
  if (input.Runtime !== undefined && !ALL_RUNTIMES.includes(input.Runtime)) {
    problems.push(`Value '${input.Runtime}' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${ALL_RUNTIMES.join(", ")}] or be a valid ARN`);
  }
  if (input.Handler !== undefined && (input.Handler.length > 128 || !/^[^\s]+$/.test(input.Handler))) {
    problems.push(`Value '${input.Handler}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
  }
  if (input.Role !== undefined && !/^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(input.Role)) {
    problems.push(`Value '${input.Role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`);
  }
  if (problems.length > 0) throw validationErrors(problems);
  if (input.Timeout !== undefined && input.Timeout > 900) {
    throw lambdaErrors.invalidParameter(`Timeout value must be less than or equal to 900 seconds.`);
  }
  if (creating && !input.Role) throw lambdaErrors.invalidParameter("The role defined for the function cannot be assumed by Lambda.");
  if (input.Runtime !== undefined && DEPRECATED_RUNTIMES.includes(input.Runtime)) {
    throw lambdaErrors.invalidParameter(
      `The runtime parameter of ${input.Runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (input.Runtime !== undefined && input.Runtime.startsWith("dotnet")) {
    throw lambdaErrors.invalidParameter(
      `The runtime ${input.Runtime} is not supported by local-aws: it has no .NET runtime to run it with. A .NET function built as a self-contained or Native AOT executable named bootstrap runs here as provided.al2023, as it does on AWS.`,
    );
  }
  if (input.Runtime !== undefined && !SUPPORTED_RUNTIMES.includes(input.Runtime)) {
    throw lambdaErrors.invalidParameter(`The runtime ${input.Runtime} is not supported by local-aws, which runs ${SUPPORTED_RUNTIMES.join(", ")}.`);
  }
  if (input.SnapStart?.ApplyOn !== undefined && !["None", "PublishedVersions"].includes(input.SnapStart.ApplyOn)) {
    throw validationErrors([`Value '${input.SnapStart.ApplyOn}' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]`]);
  }
  if (input.SnapStart?.ApplyOn === "PublishedVersions" && input.Runtime !== undefined && !SNAPSTART_RUNTIMES.includes(input.Runtime)) {
    throw lambdaErrors.invalidParameter(`${input.Runtime} is not supported for SnapStart enabled functions.`);
  }
  if (creating && !input.Runtime) throw lambdaErrors.invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  if (creating && !input.Handler) throw lambdaErrors.invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  const vars = input.Environment?.Variables;
  if (vars) {
    const measured = JSON.stringify(vars);
    if (Buffer.byteLength(measured) > ENV_LIMIT_BYTES) {
      throw lambdaErrors.invalidParameter(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
      );
    }
    const badKey = Object.keys(vars).find((k) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(k));
    if (badKey !== undefined) {
      throw validationErrors([
        `Value '{${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(", ")}}' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`,
      ]);
    }
    const reserved = Object.keys(vars).filter((k) => RESERVED_ENV.includes(k));
    if (reserved.length > 0) {
      throw lambdaErrors.invalidParameter(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
      );
    }
  }
}

/** Applies configuration members onto a configuration (create: onto the defaults). */
export function applyConfig(base: FunctionConfiguration, input: ConfigInput): FunctionConfiguration {
  const c: FunctionConfiguration = { ...base };
  if (input.Runtime !== undefined) c.Runtime = input.Runtime as FunctionConfiguration["Runtime"];
  if (input.Role !== undefined) c.Role = input.Role;
  if (input.Handler !== undefined) c.Handler = input.Handler;
  if (input.Description !== undefined) c.Description = input.Description;
  if (input.Timeout !== undefined) c.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) c.MemorySize = input.MemorySize;
  if (input.Environment !== undefined) {
    c.Environment = input.Environment.Variables && Object.keys(input.Environment.Variables).length > 0 ? { Variables: { ...input.Environment.Variables } } : undefined;
  }
  if (input.DeadLetterConfig !== undefined) c.DeadLetterConfig = input.DeadLetterConfig.TargetArn ? { TargetArn: input.DeadLetterConfig.TargetArn } : undefined;
  if (input.TracingConfig?.Mode) c.TracingConfig = { Mode: input.TracingConfig.Mode as "Active" | "PassThrough" };
  if (input.EphemeralStorage?.Size) c.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.Architectures) c.Architectures = input.Architectures as FunctionConfiguration["Architectures"];
  if (input.LoggingConfig) c.LoggingConfig = { ...c.LoggingConfig, ...(input.LoggingConfig as FunctionConfiguration["LoggingConfig"]) };
  if (input.VpcConfig !== undefined) c.VpcConfig = vpcConfigOf(input.VpcConfig);
  if (input.SnapStart) c.SnapStart = { ApplyOn: (input.SnapStart.ApplyOn ?? "None") as "None" | "PublishedVersions", OptimizationStatus: "Off" };
  c.RevisionId = randomUUID();
  return c;
}

/**
 * VpcConfig is recorded and reported (nothing here is networked by it): empty subnet lists detach
 * the function, as on AWS. The VPC id comes from the first subnet's id — there is no EC2 here to
 * look the subnet up in — so the same subnets always report the same VPC.
 */
function vpcConfigOf(input: NonNullable<ConfigInput["VpcConfig"]>): FunctionConfiguration["VpcConfig"] {
  const subnets = input.SubnetIds ?? [];
  if (subnets.length === 0) return undefined;
  const vpcId = `vpc-${createHash("sha256").update(subnets[0]!).digest("hex").slice(0, 17)}`;
  return { SubnetIds: [...subnets], SecurityGroupIds: [...(input.SecurityGroupIds ?? [])], VpcId: vpcId, Ipv6AllowedForDualStack: input.Ipv6AllowedForDualStack ?? false };
}

export function defaultConfig(name: string, arn: string, now: number): FunctionConfiguration {
  return {
    FunctionName: name,
    FunctionArn: arn,
    Description: "",
    Timeout: 3,
    MemorySize: 128,
    Version: "$LATEST",
    TracingConfig: { Mode: "PassThrough" },
    PackageType: "Zip",
    Architectures: ["x86_64"],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` },
    LastModified: lambdaTimestamp(now),
    State: "Active",
    LastUpdateStatus: "Successful",
    RuntimeVersionConfig: { RuntimeVersionArn: "arn:aws:lambda:us-east-1::runtime:local-aws" },
  };
}
