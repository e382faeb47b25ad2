/**
 * Primary and index keys: validation with DynamoDB's messages, and the order-preserving byte
 * encodings stored in SQLite (strings as UTF-8, binaries as their bytes, numbers per numbers.ts).
 */
import { binaryLength, checkValue, expectObject, type AttributeValue, type Item, type ScalarType } from "./attribute-value.js";
import { invalidParameter, validation } from "./errors.js";
import { encodeNumberKey } from "./numbers.js";
import type { IndexMeta, KeyDef, TableMeta } from "./table-meta.js";

export const EMPTY = Buffer.alloc(0);

export interface EncodedKey {
  pk: Buffer;
  sk: Buffer;
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

/** A `Key` parameter: exactly the table's key attributes with their types. */
export function keyFromInput(table: TableMeta, raw: unknown): EncodedKey & { key: Item } {
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
  return {
    key,
    pk: encodeKeyValue(hash, table.hash.type),
    sk: range ? encodeKeyValue(range, table.range!.type) : EMPTY,
  };
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
  return { pk: encodeKeyValue(hash, table.hash.type), sk: range ? encodeKeyValue(range, table.range!.type) : EMPTY };
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
  if (!index.range) return { pk: encodeKeyValue(hash, index.hash.type), sk: EMPTY };
  const range = item[index.range.name];
  if (!range || range[index.range.type] === undefined) return undefined;
  return { pk: encodeKeyValue(hash, index.hash.type), sk: encodeKeyValue(range, index.range.type) };
}
