/**
 * java11/java17/java21 functions: the machine's `java` runs the runtime client local-aws ships as
 * Java source (`runtimes/java`: the client and the `com.amazonaws.services.lambda.runtime`
 * interfaces of aws-lambda-java-core under AWS's names). It is compiled with the machine's `javac`
 * (`--release 11`) on first use into a cache in the OS temp directory keyed by the sources' hash,
 * so later starts and later emulator processes reuse it. The JVM gets the options AWS's Java
 * runtime uses for fast start-up (tiered compilation stopped at C1, serial GC, a heap bounded by
 * MemorySize); `JAVA_TOOL_OPTIONS` from the function's environment applies as on AWS. A function
 * whose runtime is newer than the machine's Java runs on the machine's Java with a warning in its
 * init log (classes compiled for the newer Java then fail to load, with the class version error).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { ProcessSpec } from "./runtime-api-host.js";
import { RUNTIMES_DIR } from "./shipped-runtimes.js";

export const JAVA_RUNTIMES = ["java11", "java17", "java21", "java25"];

const SOURCES = join(RUNTIMES_DIR, "java");
let cacheDir: string | undefined;
let compiled: Promise<void> | undefined;

function javaSources(dir = SOURCES): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...javaSources(path));
    else if (name.endsWith(".java")) out.push(path);
  }
  return out;
}

/** Where the compiled client lives: named after the sources' hash, shared by emulator processes. */
export function javaClientDir(): string {
  if (cacheDir) return cacheDir;
  const hash = createHash("sha256");
  for (const file of javaSources()) hash.update(relative(SOURCES, file)).update("\0").update(readFileSync(file)).update("\0");
  cacheDir = join(tmpdir(), `local-aws-java-runtime-${hash.digest("hex").slice(0, 16)}`);
  return cacheDir;
}

/** Compiles the runtime client unless its directory already holds it. */
export function compileJavaClient(): Promise<void> {
  compiled ??= compile(javaClientDir()).catch((err: unknown) => {
    compiled = undefined;
    throw err;
  });
  return compiled;
}

async function compile(dir: string): Promise<void> {
  if (existsSync(join(dir, "local", "aws", "lambda", "Bootstrap.class"))) return;
  const staging = `${dir}.${process.pid}.${Math.random().toString(16).slice(2, 10)}`;
  mkdirSync(staging, { recursive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      execFile("javac", ["--release", "11", "-nowarn", "-encoding", "UTF-8", "-d", staging, ...javaSources()], { timeout: 120_000 }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const e = err as NodeJS.ErrnoException;
        reject(
          new Error(
            e.code === "ENOENT"
              ? "local-aws compiles its Java runtime client with the machine's javac on first use, and no javac was found on the PATH (install a JDK 11 or later)."
              : `local-aws could not compile its Java runtime client with the machine's javac: ${String(stderr).trim() || e.message}`,
          ),
        );
      });
    });
    try {
      renameSync(staging, dir);
    } catch {
      // another process compiled the same sources first
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function javaSpec(runtime: string, taskRoot: string, env: Record<string, string>, opt: string | undefined): ProcessSpec {
  const memoryMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || 128;
  const heapMb = Math.max(64, Math.floor(memoryMb * 0.85));
  return {
    command: "java",
    args: [
      "-XX:+TieredCompilation",
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC",
      "-XX:-UsePerfData",
      "-Xshare:auto",
      `-Xmx${heapMb}m`,
      ...(env.TMPDIR ? [`-Djava.io.tmpdir=${env.TMPDIR}`] : []),
      "-cp",
      javaClientDir(),
      "local.aws.lambda.Bootstrap",
    ],
    cwd: taskRoot,
    env: { ...env, ...(opt ? { LOCAL_AWS_OPT_DIR: opt } : {}) },
    displayPath: "java",
    notFound: `local-aws runs ${runtime} functions with the machine's java, and none was found on the PATH (${env.PATH ?? ""}).`,
    crLines: true,
    prepare: compileJavaClient,
    ...(opt ? { optDir: opt } : {}),
  };
}
