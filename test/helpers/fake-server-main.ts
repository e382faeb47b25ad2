/**
 * A child-process entry point for durability and shutdown tests: starts local-aws with the fake
 * service (which writes to the store) and prints its endpoint as one JSON line.
 * Usage: node --import tsx test/helpers/fake-server-main.ts <data-dir>
 */
import { startLocalAws } from "../../src/index.js";
import { fakeManifest } from "./fake-services.js";

const dataDir = process.argv[2];
const aws = await startLocalAws({ port: 0, dataDir, services: [fakeManifest], logLevel: "silent" });
process.stdout.write(`${JSON.stringify({ endpoint: aws.endpoint })}\n`);
const stop = (): void => {
  aws.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
