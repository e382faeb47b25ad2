/** Facts as consumers and readers get them from the log's rows. */
import type { Fact } from "./service-event-log.js";
import type { FactKind, Facts } from "./facts.js";

/** A fact read from the store; its payload is parsed only if the consumer looks at it. */
export class StoredFact<K extends FactKind> implements Fact<K> {
  readonly seq: number;
  readonly kind: K;
  readonly partition: string | undefined;
  readonly at: number;
  private parsed: Facts[K] | undefined = undefined;

  /** `raw`: seq, kind, part, at and, when selected, payload; otherwise `textOf` reads the payload by seq. */
  constructor(
    private readonly raw: unknown[],
    payload: Facts[K] | undefined,
    private readonly textOf?: (seq: number) => string,
  ) {
    this.seq = raw[0] as number;
    this.kind = raw[1] as K;
    this.partition = (raw[2] as string | null) ?? undefined;
    this.at = raw[3] as number;
    this.parsed = payload;
  }

  get payload(): Facts[K] {
    return (this.parsed ??= JSON.parse(this.raw.length > 4 ? (this.raw[4] as string) : this.textOf!(this.seq)) as Facts[K]);
  }

  toJSON(): Fact<K> {
    return { seq: this.seq, kind: this.kind, partition: this.partition, at: this.at, payload: this.payload };
  }
}

export function toFact<K extends FactKind>(raw: unknown[], payload?: unknown, textOf?: (seq: number) => string): Fact<K> {
  return new StoredFact<K>(raw, payload as Facts[K] | undefined, textOf);
}
