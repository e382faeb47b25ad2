import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * A loopback HTTP origin for a spec's distributions, started before its tests and closed after:
 * `seen` records each request's URL and headers (as CloudFront forwarded them), `port` is set once
 * it listens.
 */
export function useOrigin(answer: (req: IncomingMessage, res: ServerResponse) => void): { seen: { url: string; headers: IncomingHttpHeaders }[]; readonly port: number } {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    answer(req, res);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    seen,
    get port() {
      return (server.address() as AddressInfo).port;
    },
  };
}
