/**
 * The LogSink port: how the Lambda runtime (and any other service) writes log events. Called for
 * every invocation, so it is synchronous and cheap: cached group/stream ids, prepared statements,
 * one transaction per call (`putBatch`: several streams in one). Like Lambda on AWS, it creates the group and the stream when missing.
 */
import type { EventBus } from "../core/bus.js";
import type { Clock } from "../core/clock.js";
import type { Scope } from "../core/events.js";
import type { LogBatch, LogEventInput, LogSink } from "../core/ports.js";
import { insertEvents, writeEvents } from "./ingest.js";
import type { LogsStore } from "./store.js";

export interface Ids {
  groupId: number;
  streamId: number;
}

/** Group and stream ids by scope and name; cleared whenever a group or stream is deleted. */
export class IdCache {
  private groups = new Map<string, number>();
  private streams = new Map<string, Ids>();
  groupId(key: string): number | undefined {
    return this.groups.get(key);
  }
  setGroup(key: string, id: number): void {
    this.groups.set(key, id);
  }
  stream(key: string): Ids | undefined {
    return this.streams.get(key);
  }
  setStream(key: string, ids: Ids): void {
    this.streams.set(key, ids);
  }
  clear(): void {
    this.groups.clear();
    this.streams.clear();
  }
}

export function createLogSink(ls: LogsStore, cache: IdCache, clock: Clock, bus: EventBus): LogSink {
  const ensureGroupId = (scope: Scope, group: string, now: number): number => {
    const key = `${scope.accountId}\0${scope.region}\0${group}`;
    let id = cache.groupId(key);
    if (id === undefined) {
      ls.insertGroup.run(scope.accountId, scope.region, group, now, null, "STANDARD", "{}");
      id = ls.groupByName.get(scope.accountId, scope.region, group)!.id;
      cache.setGroup(key, id);
    }
    return id;
  };
  const streamIds = (scope: Scope, group: string, stream: string, now: number): Ids => {
    const key = `${scope.accountId}\0${scope.region}\0${group}\0${stream}`;
    let ids = cache.stream(key);
    if (!ids) {
      const groupId = ensureGroupId(scope, group, now);
      ls.insertStream.run(groupId, stream, now);
      ids = { groupId, streamId: ls.streamIdByName.get(groupId, stream)!.id };
      cache.setStream(key, ids);
    }
    return ids;
  };
  const written = (b: LogBatch): void => {
    if (!bus.hasSubscribers("logs.EventsWritten")) return;
    bus.publish("logs.EventsWritten", { ...scopeOf(b.scope), logGroupName: b.logGroupName, logStreamName: b.logStreamName, count: b.events.length });
  };
  return {
    ensureGroup(scope, group) {
      ensureGroupId(scope, group, clock.now());
    },
    put(scope, group, stream, events: LogEventInput[]) {
      if (events.length === 0) return;
      const now = clock.now();
      ls.store.txn(() => {
        const ids = streamIds(scope, group, stream, now);
        writeEvents(ls, ids.groupId, ids.streamId, events, now);
      });
      written({ scope, logGroupName: group, logStreamName: stream, events });
    },
    putBatch(batches) {
      const now = clock.now();
      ls.store.txn(() => {
        const groupBytes = new Map<number, number>();
        for (const b of batches) {
          if (b.events.length === 0) continue;
          const ids = streamIds(b.scope, b.logGroupName, b.logStreamName, now);
          const { bytes } = insertEvents(ls, ids.streamId, ids.groupId, b.events, now);
          groupBytes.set(ids.groupId, (groupBytes.get(ids.groupId) ?? 0) + bytes);
        }
        for (const [groupId, bytes] of groupBytes) ls.addStoredBytes.run(bytes, groupId);
      });
      for (const b of batches) if (b.events.length > 0) written(b);
    },
  };
}

function scopeOf(scope: Scope): Scope {
  return { accountId: scope.accountId, region: scope.region };
}
