// s3rver on a free port with a temporary directory: the S3 peer. It only accepts the S3RVER key pair.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

const directory = mkdtempSync(join(tmpdir(), "bench-s3rver-"));
const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true });
const address = await server.run();
process.stdout.write(`endpoint: http://127.0.0.1:${address.port}\n`);
