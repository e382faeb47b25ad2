// The no-op route over cleartext HTTP/2 with prior knowledge (h2c, as the Kinesis SDK client speaks
// to an http:// endpoint): the same bare fastify route as noop.mjs, fastify's `http2: true` server.
// Plain JavaScript so that it starts as fast as fastify can (no TypeScript loader).
import Fastify from "fastify";

const app = Fastify({ logger: false, exposeHeadRoutes: false, http2: true });
app.removeAllContentTypeParsers();
app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1024 * 1024 * 1024 }, (_req, body, done) => done(null, body));
app.route({
  method: ["GET", "HEAD", "POST", "PUT", "DELETE"],
  url: "/*",
  handler: async (_request, reply) => reply.header("content-type", "application/json").send("{}"),
});
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`endpoint: http://127.0.0.1:${app.server.address().port}\n`);
