import type { EventName, Events } from "./events.js";

type Handler<K extends EventName> = (payload: Events[K]) => void | Promise<void>;

/**
 * The typed in-process event bus, and the tracker of asynchronous work. `idle()` resolves when no
 * delivery, tracked promise or settle hook has anything left to do: tests and `/_local/settle`
 * use it instead of sleeping.
 */
export class EventBus {
  private handlers = new Map<EventName, Set<Handler<EventName>>>();
  private pending = new Set<Promise<unknown>>();
  private settleHooks = new Set<() => Promise<boolean> | boolean>();
  private onError: (err: unknown, event: string) => void;

  constructor(onError: (err: unknown, event: string) => void = (err) => console.error(err)) {
    this.onError = onError;
  }

  subscribe<K extends EventName>(event: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as Handler<EventName>);
    return () => set.delete(handler as Handler<EventName>);
  }

  /** Whether anything listens for `event` (lets a hot path skip building a payload nobody reads). */
  hasSubscribers(event: EventName): boolean {
    const set = this.handlers.get(event);
    return set !== undefined && set.size > 0;
  }

  /** Delivers asynchronously (never inside the publisher's transaction); failures are logged. */
  publish<K extends EventName>(event: K, payload: Events[K]): void {
    const set = this.handlers.get(event);
    if (!set || set.size === 0) return;
    for (const handler of [...set]) {
      this.track(
        Promise.resolve()
          .then(() => handler(payload))
          .catch((err: unknown) => this.onError(err, event)),
      );
    }
  }

  /** Counts `work` as pending until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = (): void => {
      this.pending.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /**
   * Registers a hook asked during `idle()`: it runs any work that is due now and returns true if
   * it did something (so idle() looks again). Pollers and async-invocation queues register one.
   */
  onSettle(hook: () => Promise<boolean> | boolean): () => void {
    this.settleHooks.add(hook);
    return () => this.settleHooks.delete(hook);
  }

  async idle(maxRounds = 1000): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      while (this.pending.size > 0) {
        await Promise.allSettled([...this.pending]);
      }
      let didWork = false;
      for (const hook of [...this.settleHooks]) {
        try {
          if (await hook()) didWork = true;
        } catch (err) {
          this.onError(err, "settle");
        }
      }
      // Let callbacks queued by the hooks (I/O completions, microtasks) register their work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!didWork && this.pending.size === 0) return;
    }
  }

  clear(): void {
    this.handlers.clear();
    this.settleHooks.clear();
  }
}
