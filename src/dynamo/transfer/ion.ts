/**
 * Amazon Ion, as DynamoDB exports and imports it: one item a line, `$ion_1_0 {Item:{...}}`, with
 * S a string, N a decimal, B a blob, BOOL a bool, NULL null, L a list, M a struct, and the sets
 * lists annotated `$dynamodb_SS`, `$dynamodb_NS` or `$dynamodb_BS` (AWS's documented mapping).
 * Writing is plain text (JSON's string escapes are Ion's); reading is in ion-read.ts.
 */
import type { AttributeValue, Item } from "../attribute-value.js";

/** DynamoDB's number text as an Ion decimal: `103` is `103.` (an int otherwise), `1E5` is `1d5`. */
function ionDecimal(n: string): string {
  if (/[eE]/.test(n)) return n.replace(/[eE]/, "d");
  return n.includes(".") ? n : `${n}.`;
}

const blob = (b64: string): string => `{{${b64}}}`;

export function ionValue(av: AttributeValue): string {
  if (av.S !== undefined) return JSON.stringify(av.S);
  if (av.N !== undefined) return ionDecimal(av.N);
  if (av.B !== undefined) return blob(av.B);
  if (av.BOOL !== undefined) return av.BOOL ? "true" : "false";
  if (av.NULL !== undefined) return "null";
  if (av.SS) return `$dynamodb_SS::[${av.SS.map((s) => JSON.stringify(s)).join(",")}]`;
  if (av.NS) return `$dynamodb_NS::[${av.NS.map(ionDecimal).join(",")}]`;
  if (av.BS) return `$dynamodb_BS::[${av.BS.map(blob).join(",")}]`;
  if (av.L) return `[${av.L.map(ionValue).join(",")}]`;
  return ionStruct(av.M ?? {});
}

export function ionStruct(item: Item): string {
  return `{${Object.entries(item)
    .map(([name, av]) => `${JSON.stringify(name)}:${ionValue(av)}`)
    .join(",")}}`;
}

/** One line of an ION export: `$ion_1_0 {Item:{...}}` and a newline. */
export function ionItemLine(itemJson: string): string {
  return `$ion_1_0 {Item:${ionStruct(JSON.parse(itemJson) as Item)}}\n`;
}
