import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LocalAwsError } from "./core/errors.js";
import { defaultSettings, type EnforceIam, type LogLevel, type Settings } from "./core/settings.js";

/** Options as a user gives them (CLI flags, environment, or the programmatic API). */
export interface LocalAwsOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  inMemory?: boolean;
  region?: string;
  account?: string;
  virtualClock?: boolean;
  config?: string;
  logLevel?: LogLevel;
  /** Browser origins allowed to call the APIs, besides loopback ones (comma-separated in flags and env). */
  corsOrigins?: string[] | string;
  /** Host names accepted in the Host header, besides loopback names, `*.localhost` and IP addresses. */
  allowedHosts?: string[] | string;
  /** Also serve HTTPS on the same port with a generated self-signed certificate. */
  tls?: boolean;
  /** Cognito tokens' `iss`: AWS's URL (default) or this server's ("local"); the config file's `cognito.issuer`. */
  cognitoIssuer?: "aws" | "local";
  /** A fixed Cognito verification / MFA code instead of random ones; the config file's `cognito.code`. */
  cognitoCode?: string;
  /** IAM enforcement: off (default), on (keys local-aws issued are verified and authorized), strict (unknown keys refused too). */
  enforceIam?: EnforceIam;
  /** SFN Local's mock configuration file (as SFN_MOCK_CONFIG); the config file's `stepfunctions.mockConfig`. */
  sfnMockConfig?: string;
  /** SFN Local's WAIT_TIME_SCALE (0 skips Waits); the config file's `stepfunctions.waitTimeScale`. */
  sfnWaitTimeScale?: number;
}

const LOG_LEVELS: LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** `LOCAL_AWS_<NAME>` environment variables, as options. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalAwsOptions {
  const o: LocalAwsOptions = {};
  const flag = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : /^(1|true|yes|on)$/i.test(v));
  if (env.LOCAL_AWS_PORT) o.port = Number(env.LOCAL_AWS_PORT);
  if (env.LOCAL_AWS_HOST) o.host = env.LOCAL_AWS_HOST;
  if (env.LOCAL_AWS_DATA_DIR) o.dataDir = env.LOCAL_AWS_DATA_DIR;
  if (env.LOCAL_AWS_IN_MEMORY) o.inMemory = flag(env.LOCAL_AWS_IN_MEMORY);
  if (env.LOCAL_AWS_REGION) o.region = env.LOCAL_AWS_REGION;
  if (env.LOCAL_AWS_ACCOUNT) o.account = env.LOCAL_AWS_ACCOUNT;
  if (env.LOCAL_AWS_VIRTUAL_CLOCK) o.virtualClock = flag(env.LOCAL_AWS_VIRTUAL_CLOCK);
  if (env.LOCAL_AWS_CONFIG) o.config = env.LOCAL_AWS_CONFIG;
  if (env.LOCAL_AWS_LOG_LEVEL) o.logLevel = env.LOCAL_AWS_LOG_LEVEL as LogLevel;
  if (env.LOCAL_AWS_CORS_ORIGINS) o.corsOrigins = env.LOCAL_AWS_CORS_ORIGINS;
  if (env.LOCAL_AWS_ALLOWED_HOSTS) o.allowedHosts = env.LOCAL_AWS_ALLOWED_HOSTS;
  if (env.LOCAL_AWS_TLS) o.tls = flag(env.LOCAL_AWS_TLS);
  if (env.LOCAL_AWS_COGNITO_ISSUER) o.cognitoIssuer = env.LOCAL_AWS_COGNITO_ISSUER as "aws" | "local";
  if (env.LOCAL_AWS_COGNITO_CODE) o.cognitoCode = env.LOCAL_AWS_COGNITO_CODE;
  if (env.LOCAL_AWS_ENFORCE_IAM) o.enforceIam = env.LOCAL_AWS_ENFORCE_IAM as EnforceIam;
  return o;
}

/** Later sources win: defaults < config file < given options. */
export function resolveSettings(options: LocalAwsOptions): Settings {
  let fileConfig: Record<string, unknown> = {};
  let configDir = process.cwd();
  if (options.config) {
    const path = resolve(options.config);
    try {
      fileConfig = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new LocalAwsError("LA_ERR_CONFIG", `cannot read config file ${path}: ${(err as Error).message}`);
    }
    configDir = dirname(path);
  }
  const fromFile = (fileConfig.settings ?? {}) as LocalAwsOptions;
  const merged: LocalAwsOptions = { ...fromFile, ...stripUndefined(options) };
  const port = merged.port ?? defaultSettings.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LocalAwsError("LA_ERR_CONFIG", `--port must be 0-65535, got ${String(merged.port)}`);
  const account = merged.account ?? defaultSettings.accountId;
  if (!/^\d{12}$/.test(account)) throw new LocalAwsError("LA_ERR_CONFIG", `--account must be 12 digits, got ${account}`);
  const logLevel = merged.logLevel ?? defaultSettings.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new LocalAwsError("LA_ERR_CONFIG", `--log-level must be one of ${LOG_LEVELS.join(", ")}`);
  const enforceIam = merged.enforceIam ?? "off";
  if (!["off", "on", "strict"].includes(enforceIam)) throw new LocalAwsError("LA_ERR_CONFIG", `--enforce-iam must be off, on or strict, got ${String(enforceIam)}`);
  return {
    port,
    host: merged.host ?? defaultSettings.host,
    dataDir: merged.inMemory ? undefined : resolve(merged.dataDir ?? defaultSettings.dataDir!),
    region: merged.region ?? defaultSettings.region,
    accountId: account,
    virtualClock: merged.virtualClock ?? false,
    logLevel,
    config: withStepFunctionsOptions(withCognitoOptions(fileConfig, merged), merged),
    configDir,
    corsOrigins: listOption("--cors-origins", merged.corsOrigins),
    allowedHosts: listOption("--allowed-hosts", merged.allowedHosts),
    tls: merged.tls ?? false,
    enforceIam,
  };
}

/** A list given as an array (config file, API) or comma-separated text (flags, environment). */
function listOption(name: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (!items || items.some((v) => typeof v !== "string")) throw new LocalAwsError("LA_ERR_CONFIG", `${name} must be a list of strings, got ${JSON.stringify(value)}`);
  return (items as string[]).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** `--cognito-issuer` / `--cognito-code` win over the config file's `cognito` section. */
function withCognitoOptions(config: Record<string, unknown>, o: LocalAwsOptions): Record<string, unknown> {
  if (o.cognitoIssuer === undefined && o.cognitoCode === undefined) return config;
  const cognito = { ...(config.cognito as Record<string, unknown> | undefined) };
  if (o.cognitoIssuer !== undefined) cognito.issuer = o.cognitoIssuer;
  if (o.cognitoCode !== undefined) cognito.code = o.cognitoCode;
  return { ...config, cognito };
}

/** `--sfn-mock-config` / `--sfn-wait-time-scale` win over the config file's `stepfunctions` section. */
function withStepFunctionsOptions(config: Record<string, unknown>, o: LocalAwsOptions): Record<string, unknown> {
  if (o.sfnMockConfig === undefined && o.sfnWaitTimeScale === undefined) return config;
  const section = { ...(config.stepfunctions as Record<string, unknown> | undefined) };
  if (o.sfnMockConfig !== undefined) section.mockConfig = resolve(o.sfnMockConfig);
  if (o.sfnWaitTimeScale !== undefined) {
    if (typeof o.sfnWaitTimeScale !== "number" || !Number.isFinite(o.sfnWaitTimeScale) || o.sfnWaitTimeScale < 0)
      throw new LocalAwsError("LA_ERR_CONFIG", `--sfn-wait-time-scale must be a number >= 0, got ${String(o.sfnWaitTimeScale)}`);
    section.waitTimeScale = o.sfnWaitTimeScale;
  }
  return { ...config, stepfunctions: section };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
