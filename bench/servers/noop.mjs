// The loopback ceiling: a bare fastify server that answers every request with a tiny JSON 200
// (or, when asked with `x-noop-bytes: N`, with N bytes, for streaming comparisons).
// Plain JavaScript so that it starts as fast as fastify can (no TypeScript loader).
import Fastify from "fastify";

const app = Fastify({ logger: false, exposeHeadRoutes: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1024 * 1024 * 1024 }, (_req, body, done) => done(null, body));
const blobs = new Map();
app.route({
  method: ["GET", "HEAD", "POST", "PUT", "DELETE"],
  url: "/*",
  handler: async (request, reply) => {
    const bytes = Number(request.headers["x-noop-bytes"] ?? 0);
    if (bytes > 0) {
      let blob = blobs.get(bytes);
      if (!blob) blobs.set(bytes, (blob = Buffer.alloc(bytes, 7)));
      return reply.header("content-type", "application/octet-stream").send(blob);
    }
    return reply.header("content-type", "application/json").send("{}");
  },
});
process.on("SIGINT", () => process.exit(0));
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`endpoint: http://127.0.0.1:${app.server.address().port}\n`);
