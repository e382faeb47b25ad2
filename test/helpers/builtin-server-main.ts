/**
 * A child-process entry point for crash tests of the built-in services: starts local-aws on port 0
 * with a data dir and prints its endpoint as one JSON line.
 * Usage: node --import tsx test/helpers/builtin-server-main.ts <data-dir> [--virtual-clock] [--hold <service>]
 * `--hold <service>` starts that service without its event-log consumers, so that facts committed
 * for it stay undelivered (the state a kill -9 between a commit and its delivery leaves behind).
 */
import { startLocalAws } from "../../src/index.js";
import type { ServiceManifest } from "../../src/core/service.js";
import { builtinServices } from "../../src/services.js";

const [dataDir, ...flags] = process.argv.slice(2);
const hold = flags.includes("--hold") ? flags[flags.indexOf("--hold") + 1] : undefined;

function holding(m: ServiceManifest): ServiceManifest {
  if (m.name !== hold) return m;
  return {
    ...m,
    load: async () => {
      const def = await m.load();
      // A service with state (serviceWithState) gets it as start's second argument: pass it on.
      const start = def.start as ((env: Parameters<NonNullable<typeof def.start>>[0], ...rest: unknown[]) => void | Promise<void>) | undefined;
      return { ...def, start: (env, ...rest: unknown[]) => start?.({ ...env, eventLog: { ...env.eventLog, consume: () => () => {} } }, ...rest) };
    },
  };
}

const aws = await startLocalAws({ port: 0, dataDir, virtualClock: flags.includes("--virtual-clock"), services: builtinServices.map(holding), logLevel: "silent" });
process.stdout.write(`${JSON.stringify({ endpoint: aws.endpoint })}\n`);
const stop = (): void => {
  aws.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
