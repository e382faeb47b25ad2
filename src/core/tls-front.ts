/**
 * `--tls`: HTTPS on the same port as plain HTTP. A connection whose first byte is a TLS handshake
 * record (0x16) is decrypted with the self-signed certificate (`self-signed.ts`) and, by ALPN, goes
 * to the HTTP/2 server (`h2`) or to Node's HTTP/1 server; anything else is plain HTTP as without it.
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from "node:tls";
import type { Certificate } from "./self-signed.js";

const TLS_HANDSHAKE = 0x16;

export interface TlsRoutes {
  plain(socket: Socket): void;
  h2(socket: Socket): void;
  http1(socket: Socket): void;
}

export class TlsFront {
  private readonly server: TlsServer;

  constructor(
    certificate: Certificate,
    private readonly routes: TlsRoutes,
  ) {
    this.server = createTlsServer({ key: certificate.key, cert: certificate.cert, ALPNProtocols: ["h2", "http/1.1"] });
    this.server.on("secureConnection", (tls: TLSSocket) => (tls.alpnProtocol === "h2" ? this.routes.h2(tls) : this.routes.http1(tls)));
    // A failed handshake ends that connection only.
    this.server.on("tlsClientError", (_err, tls: TLSSocket) => tls.destroy());
  }

  adopt(socket: Socket): void {
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] !== TLS_HANDSHAKE) {
        this.routes.plain(socket);
        socket.resume();
        return;
      }
      // Through a stream wrapper, so that TLS reads the bytes already taken off the socket.
      const stream = Duplex.from({ readable: socket, writable: socket });
      stream.on("error", () => socket.destroy());
      socket.on("error", () => stream.destroy());
      this.server.emit("connection", stream);
      socket.resume();
    });
  }
}
