import { Command, Option } from "commander";
import { optionsFromEnv, resolveSettings, type LocalAwsOptions } from "./config.js";
import { LocalAwsError } from "./core/errors.js";
import { exposedHostWarning } from "./core/guard.js";
import { createServer, PortInUseError } from "./core/server.js";
import type { LogLevel } from "./core/settings.js";
import { VERSION } from "./core/version.js";
import { tuneHeapForServer } from "./heap-tuning.js";
import { builtinServices } from "./services.js";

interface StartFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  inMemory?: boolean;
  region?: string;
  account?: string;
  virtualClock?: boolean;
  config?: string;
  logLevel?: LogLevel;
  corsOrigins?: string;
  allowedHosts?: string;
  tls?: boolean;
  cognitoIssuer?: "aws" | "local";
  cognitoCode?: string;
  enforceIam?: "off" | "on" | "strict";
  sfnMockConfig?: string;
  sfnWaitTimeScale?: string;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function start(flags: StartFlags): Promise<void> {
  const options: LocalAwsOptions = {
    ...optionsFromEnv(),
    ...Object.fromEntries(
      Object.entries({
        port: flags.port === undefined ? undefined : Number(flags.port),
        host: flags.host,
        dataDir: flags.dataDir,
        inMemory: flags.inMemory,
        region: flags.region,
        account: flags.account,
        virtualClock: flags.virtualClock,
        config: flags.config,
        logLevel: flags.logLevel,
        corsOrigins: flags.corsOrigins,
        allowedHosts: flags.allowedHosts,
        tls: flags.tls,
        cognitoIssuer: flags.cognitoIssuer,
        cognitoCode: flags.cognitoCode,
        enforceIam: flags.enforceIam,
        sfnMockConfig: flags.sfnMockConfig,
        sfnWaitTimeScale: flags.sfnWaitTimeScale === undefined ? undefined : Number(flags.sfnWaitTimeScale),
      }).filter(([, v]) => v !== undefined),
    ),
  };
  let settings;
  try {
    settings = resolveSettings(options);
  } catch (err) {
    fail(err instanceof LocalAwsError ? err.message : String(err));
  }
  const exposure = exposedHostWarning(settings.host);
  if (exposure) process.stderr.write(`${exposure}\n`);
  tuneHeapForServer();
  let server;
  try {
    server = await createServer(settings, { services: builtinServices });
  } catch (err) {
    if (err instanceof PortInUseError) fail(err.message);
    throw err;
  }
  const services = [...new Set(builtinServices.flatMap((s) => s.apis.map((a) => a.endpointName)))];
  process.stdout.write(
    [
      `local-aws ${VERSION} listening on ${server.url}`,
      `  endpoint:  ${server.url}`,
      ...(server.httpsUrl ? [`  https:     ${server.httpsUrl}   (self-signed certificate: ${server.certificatePath ?? "in memory"})`] : []),
      `  data dir:  ${settings.dataDir ?? "(in memory)"}`,
      `  region:    ${settings.region}   account: ${settings.accountId}   clock: ${settings.virtualClock ? "virtual" : "real"}${settings.enforceIam !== "off" ? `   IAM: enforced (${settings.enforceIam})` : ""}`,
      `  services:  ${services.join(", ") || "(none)"}`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`local-aws: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function adminCall(endpoint: string, method: string, path: string): Promise<void> {
  try {
    // Admin POSTs must say they carry JSON (a browser cannot send that cross-site without a preflight).
    const res = await fetch(new URL(path, endpoint), { method, headers: method === "POST" ? { "content-type": "application/json" } : undefined });
    process.stdout.write(`${await res.text()}\n`);
    if (!res.ok) process.exit(1);
  } catch {
    fail(`local-aws: nothing answers at ${endpoint} (is it running? start it with: npx local-aws start)`);
  }
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name("local-aws").description("AWS's serverless stack, emulated in one Node.js process").version(VERSION);
  program
    .command("start")
    .description("start the emulator (every option can also be set as LOCAL_AWS_<NAME>, e.g. LOCAL_AWS_PORT)")
    .option("-p, --port <port>", "port to listen on; 0 picks a free one (default 4566)")
    .option("--host <host>", "address to listen on (default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "where state is kept across restarts (default ./.local-aws)")
    .option("--in-memory", "keep everything in memory; nothing is written to disk")
    .option("--region <region>", "region for requests that do not name one (default us-east-1)")
    .option("--account <id>", "12-digit account id for requests whose access key is not one (default 000000000000)")
    .option("--virtual-clock", "time moves only when POST /_local/clock asks (for tests)")
    .option("-c, --config <file>", "JSON config file (functions, service settings)")
    .option("--cors-origins <origins>", "comma-separated browser origins allowed to call the APIs besides loopback ones (e.g. https://app.example,http://*.test:*)")
    .option("--allowed-hosts <names>", "comma-separated Host names accepted besides localhost, *.localhost and IP addresses (DNS rebinding guard)")
    .option("--cognito-issuer <issuer>", "Cognito tokens' iss: aws (AWS's URL, default) or local (this server's URL, for OIDC discovery)")
    .option("--cognito-code <digits>", "a fixed Cognito verification/MFA code instead of random ones (4-8 digits)")
    .option("--sfn-mock-config <file>", "Step Functions Local's mock configuration file (as SFN_MOCK_CONFIG)")
    .option("--sfn-wait-time-scale <n>", "Step Functions Local's WAIT_TIME_SCALE: Waits and retry intervals last n times their time; 0 skips them")
    .option("--tls", "also serve HTTPS (and HTTP/2) on the same port, with a self-signed certificate kept in the data dir")
    .addOption(new Option("--enforce-iam <mode>", "IAM enforcement: off (default), on (keys local-aws issued are signature-checked and authorized; others act as root), strict (unknown keys refused too)").choices(["off", "on", "strict"]))
    .addOption(new Option("--log-level <level>", "log level (default info)").choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"]))
    .action((flags: StartFlags) => start(flags));
  const endpointOption = (): Option => new Option("-e, --endpoint <url>", "where local-aws runs").default(process.env.LOCAL_AWS_ENDPOINT ?? "http://127.0.0.1:4566");
  program
    .command("status")
    .description("show the health of a running instance")
    .addOption(endpointOption())
    .action((o: { endpoint: string }) => adminCall(o.endpoint, "GET", "/_local/health"));
  program
    .command("reset")
    .description("empty every service of a running instance")
    .addOption(endpointOption())
    .action((o: { endpoint: string }) => adminCall(o.endpoint, "POST", "/_local/reset"));
  await program.parseAsync(argv);
}
