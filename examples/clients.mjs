// Shared by the examples' setup scripts: SDK clients pointed at local-aws (any credentials work).
import process from "node:process";
export function clientConfig(endpoint = process.env.AWS_ENDPOINT_URL ?? "http://localhost:4566") {
  return { endpoint, region: process.env.AWS_REGION ?? "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, forcePathStyle: true };
}

/** Runs `main` when the file is executed directly (`node setup.mjs`), not when imported. */
export async function runIfMain(url, main) {
  const { fileURLToPath } = await import("node:url");
  if (process.argv[1] && fileURLToPath(url) === process.argv[1]) {
    const out = await main();
    if (out !== undefined) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
}

/** Ignores "already exists" so a setup script can run twice. */
export async function idempotent(promise) {
  try {
    return await promise;
  } catch (err) {
    if (/AlreadyExists|ResourceInUse|Conflict/.test(err.name)) return undefined;
    throw err;
  }
}
