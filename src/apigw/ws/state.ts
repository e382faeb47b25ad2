/** A WebSocket connection as the gateway keeps it (the open ones are in the service's state), and AWS's limits. */
import type { Scope } from "../../core/events.js";
import type { TimerHandle } from "../../core/clock.js";
import type { WebSocket } from "ws";
import type { RequestContext } from "../../core/context.js";

export const LIMITS = {
  idleMs: 10 * 60_000,
  maxDurationMs: 2 * 3600_000,
  messageBytes: 128 * 1024,
  frameBytes: 32 * 1024,
};

export interface Connection {
  id: string;
  apiId: string;
  stage: string;
  scope: Scope;
  /** The handshake's context with the API's account and region (and the service's state): each message's. */
  ctx: RequestContext;
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent?: string;
  /** The handshake's headers (the $disconnect event carries them, as AWS's example shows). */
  headers: Record<string, string>;
  authorizer?: Record<string, unknown>;
  idleTimer?: TimerHandle;
  maxTimer?: TimerHandle;
  /** Set once $disconnect has been scheduled. */
  gone: boolean;
  /** Why the server is closing it (idle, DeleteConnection, ...), reported in $disconnect. */
  closing?: { code: number; reason: string };
}
