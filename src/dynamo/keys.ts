/**
 * Primary and index keys: validation with DynamoDB's messages, and the order-preserving byte
 * encodings stored in SQLite (strings as UTF-8, binaries as their bytes, numbers per numbers.ts).
 */
import { binaryLength, checkValue, expectObject, type AttributeValue, type Item, type ScalarType } from "./attribute-value.js";
import { invalidParameter, validation } from "./errors.js";
import { encodeNumberKey } from "./numbers.js";
import type { IndexMeta, KeyDef, TableMeta } from "./table-meta.js";

export const EMPTY = Buffer.alloc(0);

/**
 * A primary or index key: the order-preserving bytes SQLite stores (made when first asked for: a
 * GetItem answered from the item cache never needs them) and `id`, a string that is equal for
 * equal keys and different for different ones (the item cache's and transaction locks' key).
 */
export class EncodedKey {
  private pkBytes: Buffer | undefined = undefined;
  private skBytes: Buffer | undefined = undefined;
  private idText: string | undefined = undefined;

  constructor(
    private readonly hash: AttributeValue,
    private readonly hashType: ScalarType,
    private readonly range: AttributeValue | undefined,
    private readonly rangeType: ScalarType | undefined,
  ) {}

  get pk(): Buffer {
    return (this.pkBytes ??= encodeKeyValue(this.hash, this.hashType));
  }

  get sk(): Buffer {
    return (this.skBytes ??= this.range ? encodeKeyValue(this.range, this.rangeType!) : EMPTY);
  }

  get id(): string {
    if (this.idText === undefined) {
      const hash = this.idPart(this.hash, this.hashType, () => this.pk);
      const range = this.range ? this.idPart(this.range, this.rangeType!, () => this.sk) : "";
      this.idText = `${hash.length}:${hash}${range}`;
    }
    return this.idText;
  }

  /**
   * A key value as text: a string as it is (UTF-8 maps distinct strings to distinct bytes unless
   * they hold surrogates or U+FFFD, which go by their bytes), a number in its canonical form
   * (validation made it so), a binary by its bytes (base64 text has several spellings).
   */
  private idPart(av: AttributeValue, type: ScalarType, bytes: () => Buffer): string {
    if (type === "S" && !HAS_UNSURE_CHARS.test(av.S!)) return `s${av.S!}`;
    if (type === "N") return `n${av.N!}`;
    return `b${bytes().toString("latin1")}`;
  }
}

const HAS_UNSURE_CHARS = /[\uD800-\uDFFF\uFFFD]/;

/** An item's id across tables (the item cache's and the transaction locks' key). */
export function itemId(tableId: number, key: EncodedKey): string {
  return `${tableId} ${key.id}`;
}

export function encodeKeyValue(av: AttributeValue, type: ScalarType): Buffer {
  if (type === "S") return Buffer.from(av.S!, "utf8");
  if (type === "N") return encodeNumberKey(av.N!);
  return Buffer.from(av.B!, "base64");
}

function keySize(av: AttributeValue, type: ScalarType): number {
  if (type === "S") return Buffer.byteLength(av.S!, "utf8");
  if (type === "B") return binaryLength(av.B!);
  return av.N!.length;
}

function emptyKeyError(name: string, av: AttributeValue, index?: IndexMeta): Error {
  const kind = av.S !== undefined ? "string" : "binary";
  if (index) {
    return validation(
      `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.name}, IndexKey: ${name}`,
    );
  }
  return validation(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`);
}

function isEmpty(av: AttributeValue): boolean {
  return av.S === "" || av.B === "";
}

function checkSizes(table: TableMeta, hash: AttributeValue, range?: AttributeValue): void {
  if (keySize(hash, table.hash.type) > 2048) throw invalidParameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
  if (range && table.range && keySize(range, table.range.type) > 1024) {
    throw invalidParameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

/** The key of a `Key` parameter, with the parameter (its attributes, validated). */
export class InputKey extends EncodedKey {
  constructor(
    readonly key: Item,
    hash: AttributeValue,
    hashType: ScalarType,
    range: AttributeValue | undefined,
    rangeType: ScalarType | undefined,
  ) {
    super(hash, hashType, range, rangeType);
  }
}

/** A `Key` parameter: exactly the table's key attributes with their types. */
export function keyFromInput(table: TableMeta, raw: unknown): InputKey {
  if (raw === undefined || raw === null) throw validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
  const key = expectObject(raw) as Item;
  let count = 0;
  for (const name in key) {
    checkValue(key[name]);
    count++;
  }
  const expected = table.range ? 2 : 1;
  const hash = key[table.hash.name];
  const range = table.range ? key[table.range.name] : undefined;
  if (count !== expected || !hash || hash[table.hash.type] === undefined || (table.range && (!range || range[table.range.type] === undefined))) {
    throw validation("The provided key element does not match the schema");
  }
  if (isEmpty(hash)) throw emptyKeyError(table.hash.name, hash);
  if (range && isEmpty(range)) throw emptyKeyError(table.range!.name, range);
  checkSizes(table, hash, range);
  return new InputKey(key, hash, table.hash.type, range, table.range?.type);
}

function itemKeyPart(item: Item, def: KeyDef): AttributeValue {
  const av = item[def.name];
  if (!av) throw invalidParameter(`Missing the key ${def.name} in the item`);
  if (av[def.type] === undefined) throw invalidParameter(`Type mismatch for key ${def.name} expected: ${def.type} actual: ${Object.keys(av)[0]}`);
  if (isEmpty(av)) throw emptyKeyError(def.name, av);
  return av;
}

/** The primary key of a (validated) item. */
export function keyFromItem(table: TableMeta, item: Item): EncodedKey {
  const hash = itemKeyPart(item, table.hash);
  const range = table.range ? itemKeyPart(item, table.range) : undefined;
  checkSizes(table, hash, range);
  return new EncodedKey(hash, table.hash.type, range, table.range?.type);
}

export function keyAttributes(table: TableMeta, item: Item): Item {
  const key: Item = { [table.hash.name]: item[table.hash.name]! };
  if (table.range) key[table.range.name] = item[table.range.name]!;
  return key;
}

/** Index key attributes must have the declared types on every write; absent ones make the item sparse. */
export function checkIndexKeys(table: TableMeta, item: Item): void {
  for (const index of table.indexes) {
    for (const def of index.range ? [index.hash, index.range] : [index.hash]) {
      const av = item[def.name];
      if (!av) continue;
      if (av[def.type] === undefined) {
        throw invalidParameter(`Type mismatch for Index Key ${def.name} Expected: ${def.type} Actual: ${Object.keys(av)[0]} IndexName: ${index.name}`);
      }
      if (isEmpty(av)) throw emptyKeyError(def.name, av, index);
    }
  }
}

/** The index key of an item, or undefined when the item is not in the (sparse) index. */
export function indexKeyOf(index: IndexMeta, item: Item): EncodedKey | undefined {
  const hash = item[index.hash.name];
  if (!hash || hash[index.hash.type] === undefined) return undefined;
  if (!index.range) return new EncodedKey(hash, index.hash.type, undefined, undefined);
  const range = item[index.range.name];
  if (!range || range[index.range.type] === undefined) return undefined;
  return new EncodedKey(hash, index.hash.type, range, index.range.type);
}
