// examples/websocket-chat end to end: its config file (without the fixed port) and its setup script.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useServer } from "../helpers/index.js";

const exampleDir = resolve(import.meta.dirname, "../../examples/websocket-chat");
const config = JSON.parse(readFileSync(join(exampleDir, "local-aws.json"), "utf8")) as { functions: Record<string, { codePath: string }>; apis: { chat: { port?: number } } };
for (const fn of Object.values(config.functions)) fn.codePath = join(exampleDir, fn.codePath);
delete config.apis.chat.port;
const file = join(mkdtempSync(join(tmpdir(), "la-chat-")), "local-aws.json");
writeFileSync(file, JSON.stringify(config));
const ctx = useServer({ config: file });

function open(url: string): Promise<{ ws: WebSocket; next: () => Promise<string> }> {
  return new Promise((resolvePromise, reject) => {
    const ws = new WebSocket(url);
    const inbox: string[] = [];
    const waiting: ((m: string) => void)[] = [];
    ws.on("message", (d) => (waiting.length ? waiting.shift()!(d.toString()) : inbox.push(d.toString())));
    ws.once("open", () => resolvePromise({ ws, next: () => (inbox.length ? Promise.resolve(inbox.shift()!) : new Promise((r) => waiting.push(r))) }));
    ws.once("error", reject);
  });
}

describe("examples/websocket-chat", () => {
  it("broadcasts a message to everyone in the room", async () => {
    const { setup } = (await import(join(exampleDir, "setup.mjs"))) as { setup: (endpoint: string) => Promise<{ url: string }> };
    const { url } = await setup(ctx.endpoint);
    const local = url.replace(/^ws:\/\/[^/]+/, ctx.endpoint.replace("http", "ws"));
    const ann = await open(`${local}?name=ann`);
    const bob = await open(`${local}?name=bob`);
    await ctx.aws.settle();
    ann.ws.send(JSON.stringify({ action: "sendMessage", text: "hello" }));
    expect(JSON.parse(await bob.next())).toEqual({ from: "ann", text: "hello" });
    expect(JSON.parse(await ann.next())).toEqual({ from: "ann", text: "hello" });
    ann.ws.close();
    bob.ws.close();
  });
});
