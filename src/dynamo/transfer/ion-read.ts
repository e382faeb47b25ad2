/**
 * Reading Amazon Ion import input through ion-js, Amazon's implementation, so any valid Ion text is
 * read (symbols, ints, floats, comments...). Loaded only when an ION import runs: with ion-js merely
 * loaded in the process, a plain PutItem measured ~1.3x its server CPU (not explained; A/B with the
 * import stubbed out read 1.01x).
 */
import { dom, IonTypes, loadAll } from "ion-js";
import type { AttributeValue, Item } from "../attribute-value.js";
import type { SourceRecord } from "./import-formats.js";

class NotAnItem extends Error {}

const SETS: Record<string, "SS" | "NS" | "BS"> = { $dynamodb_SS: "SS", $dynamodb_NS: "NS", $dynamodb_BS: "BS" };

function numberText(v: dom.Value): string {
  const t = v.getType();
  if (t === IonTypes.INT) return String(v.bigIntValue());
  if (t === IonTypes.DECIMAL) {
    const d = v.decimalValue()!;
    const coefficient = d.getCoefficient();
    const sign = coefficient === 0n && d.isNegative() ? "-" : "";
    return `${sign}${coefficient}e${d.getExponent()}`;
  }
  if (t === IonTypes.FLOAT) return String(v.numberValue());
  throw new NotAnItem(`Unexpected Ion type ${t.name} in a number set`);
}

const base64 = (v: dom.Value): string => Buffer.from(v.uInt8ArrayValue()!).toString("base64");

function attributeValue(v: dom.Value): AttributeValue {
  const t = v.getType();
  if (v.isNull()) return { NULL: true };
  const set = SETS[v.getAnnotations()[0] ?? ""];
  if (set && (t === IonTypes.LIST || t === IonTypes.SEXP)) {
    const elements = v.elements();
    if (set === "SS") return { SS: elements.map((e) => String(e.stringValue())) };
    if (set === "NS") return { NS: elements.map(numberText) };
    return { BS: elements.map(base64) };
  }
  switch (t) {
    case IonTypes.BOOL:
      return { BOOL: v.booleanValue()! };
    case IonTypes.INT:
    case IonTypes.DECIMAL:
    case IonTypes.FLOAT:
      return { N: numberText(v) };
    case IonTypes.STRING:
    case IonTypes.SYMBOL:
      return { S: v.stringValue()! };
    case IonTypes.BLOB:
    case IonTypes.CLOB:
      return { B: base64(v) };
    case IonTypes.LIST:
    case IonTypes.SEXP:
      return { L: v.elements().map(attributeValue) };
    case IonTypes.STRUCT:
      return { M: structItem(v) };
    default:
      throw new NotAnItem(`Unexpected Ion type ${t.name}: DynamoDB has no such attribute type`);
  }
}

function structItem(v: dom.Value): Item {
  const out: Item = {};
  for (const [name, value] of v.fields()) out[name] = attributeValue(value);
  return out;
}

/** ION input: a record per top-level value (AWS writes one a line), the item under `Item`. */
export function* ionRecords(text: string): Generator<SourceRecord> {
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const bytes = Buffer.byteLength(line);
    let values: dom.Value[];
    try {
      values = loadAll(line);
    } catch {
      yield { error: "Unexpected token: the line is not valid Ion", bytes };
      continue;
    }
    for (const value of values) {
      const item = value.getType() === IonTypes.STRUCT && !value.isNull() ? value.get("Item") : null;
      if (!item || item.getType() !== IonTypes.STRUCT || item.isNull()) {
        yield { error: "Unexpected format: the line does not hold an Item", bytes };
        continue;
      }
      try {
        yield { item: structItem(item), bytes };
      } catch (e) {
        if (!(e instanceof NotAnItem)) throw e;
        yield { error: e.message, bytes };
      }
    }
  }
}
