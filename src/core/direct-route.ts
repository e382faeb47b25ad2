import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";

/** Fastify's own media-type parser (it answers 415 when `isValid` is false); internal but pinned with fastify. */
const FastifyContentType = createRequire(import.meta.url)("fastify/lib/content-type.js") as { from(value: string): { isValid: boolean } };

/**
 * Which requests may skip fastify and go straight to our one catch-all handler. Fastify's routing,
 * content-type check, Request/Reply objects and async wrappers cost about a third of a DynamoDB
 * GetItem's server CPU; for the requests below fastify would do nothing but call that handler, so
 * skipping it changes nothing a client can see. Anything else (other methods, URLs fastify might
 * reject or decode, a content type fastify has not yet accepted, shutdown) still goes through
 * fastify, which answers exactly as before.
 */
export class DirectRoute {
  /** Content types fastify has let through to our handler (its check depends only on the header). */
  private readonly acceptedContentTypes = new Set<string>();
  closing = false;

  constructor(private readonly methods: readonly string[]) {}

  /** Called by the fastify route: fastify accepted this request's content type. */
  learn(raw: IncomingMessage): void {
    const ct = raw.headers["content-type"];
    if (ct !== undefined && BODY_METHODS.has(raw.method ?? "") && this.acceptedContentTypes.size < MAX_LEARNED) this.acceptedContentTypes.add(ct);
  }

  /**
   * For the socket fast path: whether fastify would take a body with this content type (it answers
   * 415 for an invalid media type), decided with fastify's own parser.
   */
  acceptsContentType(method: string, ct: string | undefined): boolean {
    if (ct === undefined || !BODY_METHODS.has(method) || this.acceptedContentTypes.has(ct)) return true;
    if (!FastifyContentType.from(ct).isValid) return false;
    if (this.acceptedContentTypes.size < MAX_LEARNED) this.acceptedContentTypes.add(ct);
    return true;
  }

  accepts(raw: IncomingMessage): boolean {
    if (this.closing) return false; // fastify adds `Connection: close` while closing
    const method = raw.method ?? "";
    if (!this.methods.includes(method)) return false; // fastify's 404
    const url = raw.url ?? "";
    // Not a plain path (absolute-form), percent-encoding (fastify decodes and may answer 400), over maxParamLength.
    if (url.charCodeAt(0) !== 47 || url.includes("%") || url.length > MAX_URL) return false;
    const headers = raw.headers;
    if (headers["accept-version"] !== undefined) return false; // fastify's version constraint
    if (!BODY_METHODS.has(method)) return true;
    const ct = headers["content-type"];
    return ct === undefined || this.acceptedContentTypes.has(ct);
  }
}

/** Fastify checks the content type of these methods (its `bodywith` set). */
const BODY_METHODS = new Set(["DELETE", "OPTIONS", "PATCH", "PUT", "POST"]);
const MAX_LEARNED = 256;
const MAX_URL = 65535;
