/** Everything configurable about a running emulator (CLI flags, env vars, config file, API). */
export interface Settings {
  port: number;
  host: string;
  /** undefined when in memory. */
  dataDir?: string;
  region: string;
  accountId: string;
  virtualClock: boolean;
  logLevel: LogLevel;
  /** Per-service settings from the config file (`functions`, `dynamodb`, ...), passed through. */
  config: Record<string, unknown>;
  /** Directory the config file lives in (relative paths in it resolve against this). */
  configDir: string;
  /** Browser origins allowed besides loopback ones (`https://app.example`, `http://*.test:*`, `*`). */
  corsOrigins?: string[];
  /** Host names accepted besides loopback names, `*.localhost`, IP addresses and the listen address. */
  allowedHosts?: string[];
  /** Also serve HTTPS (and HTTP/2 over TLS) on the same port, with a generated self-signed certificate. */
  tls?: boolean;
  /**
   * IAM enforcement: off (default: any credentials act as the account's root); on (keys local-aws
   * issued are signature-checked and authorized, others act as root); strict (unknown keys refused too).
   */
  enforceIam?: EnforceIam;
}

export type EnforceIam = "off" | "on" | "strict";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export const defaultSettings: Settings = {
  port: 4566,
  host: "127.0.0.1",
  dataDir: ".local-aws",
  region: "us-east-1",
  accountId: "000000000000",
  virtualClock: false,
  logLevel: "info",
  config: {},
  configDir: ".",
  corsOrigins: [],
  allowedHosts: [],
};
