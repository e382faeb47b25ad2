import { createRequire } from "node:module";
import type { XMLParser as XMLParserType } from "fast-xml-parser";

/**
 * A small XML writer for AWS responses: objects become child elements, arrays repeated elements,
 * keys starting with `@` attributes, `#text` text content; Buffers base64, Dates ISO 8601.
 * Undefined and null members are left out.
 */
export function xmlElement(name: string, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join("");
  if (typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return `<${name}>${escapeXml(scalarText(value))}</${name}>`;
  }
  let attrs = "";
  let children = "";
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    if (k.startsWith("@")) attrs += ` ${k.slice(1)}="${escapeXml(scalarText(v))}"`;
    else if (k === "#text") children += escapeXml(scalarText(v));
    else children += xmlElement(k, v);
  }
  return `<${name}${attrs}>${children}</${name}>`;
}

export function xmlDocument(rootName: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement(rootName, value ?? {})}`;
}

function scalarText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString("base64");
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return String(v);
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]!);
}

// fast-xml-parser takes ~40 ms to load: loaded on the first XML body, not at start-up.
let parser: XMLParserType | undefined;
function xmlParser(): XMLParserType {
  if (!parser) {
    const { XMLParser } = createRequire(import.meta.url)("fast-xml-parser") as typeof import("fast-xml-parser");
    parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: false,
      ignoreDeclaration: true,
      removeNSPrefix: true,
    });
  }
  return parser;
}

/**
 * Parses an XML document into plain objects (text content as strings; repeated elements as
 * arrays; a single element stays an object — callers that expect lists use `asList`).
 * Returns the root element's name and content. Throws on malformed XML.
 */
export function parseXml(text: string): { root: string; value: unknown } {
  const trimmed = text.trim();
  if (!trimmed.startsWith("<")) throw new Error("not XML");
  const doc = xmlParser().parse(trimmed, true) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => !k.startsWith("?"));
  if (roots.length !== 1) throw new Error("XML must have exactly one root element");
  return { root: roots[0]!, value: doc[roots[0]!] };
}

export function asList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === "") return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}
