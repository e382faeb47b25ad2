import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkConfig, startOptionsSchema } from "../../src/core/config-schema.js";
import { LocalAwsError, startLocalAws } from "../../src/index.js";
import { builtinServices } from "../../src/services.js";
import { startChild } from "../helpers/child.js";

const dir = mkdtempSync(join(tmpdir(), "local-aws-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function configFile(content: unknown): string {
  const path = join(dir, `config-${++n}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

async function refusal(content: unknown): Promise<string> {
  const err = await startLocalAws({ port: 0, inMemory: true, logLevel: "silent", config: configFile(content) }).then(
    async (aws) => {
      await aws.stop();
      throw new Error("started with a wrong config file");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocalAwsError);
  expect((err as LocalAwsError).code).toBe("LA_ERR_CONFIG");
  return (err as LocalAwsError).message;
}

describe("the config file is checked against the services' schemas at start-up", () => {
  it("refuses an unknown top-level key, naming it and the known ones", async () => {
    const sections = builtinServices.flatMap((m) => Object.keys(m.config ?? {})).sort();
    expect(sections).toEqual(expect.arrayContaining(["dynamodb", "functions", "lambda"]));
    expect(await refusal({ dynamodbb: {} })).toBe(`LA_ERR_CONFIG: config file: unknown key "dynamodbb" (known keys: settings, ${sections.join(", ")})`);
  });

  it("refuses a mistyped key inside a section, and a value of the wrong type, naming their paths", async () => {
    expect(await refusal({ dynamodb: { tableStatusDelayMS: 5 } })).toBe('LA_ERR_CONFIG: config file: unknown key "dynamodb.tableStatusDelayMS"');
    expect(await refusal({ settings: { prot: 4566 } })).toBe('LA_ERR_CONFIG: config file: unknown key "settings.prot"');
    expect(await refusal({ lambda: { maxWorkers: "8" } })).toBe("LA_ERR_CONFIG: config file: lambda.maxWorkers: Invalid input: expected number, received string");
    expect(await refusal({ functions: { thumbs: { handler: "index.handler" } } })).toBe("LA_ERR_CONFIG: config file: functions.thumbs.codePath: Invalid input: expected string, received undefined");
    expect(await refusal({ settings: { virtualClock: "yes" }, cognito: { issuer: "remote" } })).toBe(
      'LA_ERR_CONFIG: config file: settings.virtualClock: Invalid input: expected boolean, received string; cognito.issuer: Invalid option: expected one of "aws"|"local"',
    );
  });

  it("starts with a correct file", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, logLevel: "silent", config: configFile({ settings: { region: "eu-west-1" }, dynamodb: { tableStatusDelayMs: 0 }, lambda: { maxWorkers: 4 } }) });
    expect(aws.region).toBe("eu-west-1");
    await aws.stop();
  });

  it("makes the CLI exit 1 with the message, before listening", async () => {
    const child = startChild(process.execPath, ["--import", "tsx", "-e", `import("./src/cli.ts").then((m) => m.main(["node", "local-aws", "start", "--port", "0", "--in-memory", "--config", ${JSON.stringify(configFile({ dynamodb: { enforceThroughput: "yes" } }))}]))`]);
    expect((await child.exit()).code).toBe(1);
    expect(child.stderr()).toContain("config file: dynamodb.enforceThroughput: Invalid input: expected boolean, received string");
    expect(child.stdout()).not.toContain("listening");
  });
});

describe("the README's config section", () => {
  const readme = readFileSync("README.md", "utf8");

  it("shows a config file the schemas accept", async () => {
    const section = readme.slice(readme.indexOf("### Config file"));
    const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    await expect(checkConfig(JSON.parse(example) as Record<string, unknown>, builtinServices)).resolves.toBeUndefined();
  });

  it("lists exactly the start options a config file's settings may set", async () => {
    const table = readme.slice(readme.indexOf("## `local-aws start` options"), readme.indexOf("### Config file"));
    const flags = [...table.matchAll(/^\| `--([a-z-]+)/gm)].map((m) => m[1]!).filter((f) => f !== "config");
    const camel = flags.map((f) => f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())).sort();
    const schema = (await startOptionsSchema()) as unknown as { shape: Record<string, unknown> };
    expect(camel).toEqual(Object.keys(schema.shape).sort());
  });
});
