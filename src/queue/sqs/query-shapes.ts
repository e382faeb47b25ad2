/**
 * The SQS Query protocol names members differently from AWS JSON (`Attribute.N.Name/Value`,
 * `MessageAttribute.N.Name/Value.*`, `Tag.N.Key/Value`, flattened lists). These helpers reshape
 * between the decoded Query tree and the JSON shapes the handlers take and return.
 */
import type { AwsError } from "../../core/errors.js";
import { isAwsError } from "../../core/errors.js";
import type { MessageAttribute } from "./model.js";

type Tree = Record<string, unknown>;

export function list(value: unknown): Tree[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Tree[];
}

export function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return list(value).map(String);
}

export function nameValueMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const e of list(value)) if (e && typeof e.Name === "string") out[e.Name] = String(e.Value ?? "");
  return out;
}

export function keyValueMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const e of list(value)) if (e && typeof e.Key === "string") out[e.Key] = String(e.Value ?? "");
  return out;
}

export function messageAttributesFromQuery(value: unknown): Record<string, MessageAttribute> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, MessageAttribute> = {};
  for (const e of list(value)) {
    if (!e || typeof e.Name !== "string") continue;
    const v = (e.Value ?? {}) as Tree;
    out[e.Name] = { DataType: v.DataType as string, StringValue: v.StringValue as string | undefined, BinaryValue: v.BinaryValue as string | undefined };
  }
  return out;
}

export function messageAttributesToQuery(value: Record<string, MessageAttribute> | undefined): Tree[] | undefined {
  if (!value) return undefined;
  return Object.entries(value).map(([Name, a]) => ({ Name, Value: { StringValue: a.StringValue, BinaryValue: a.BinaryValue, DataType: a.DataType } }));
}

export function nameValueList(value: Record<string, string> | undefined): Tree[] | undefined {
  if (!value) return undefined;
  return Object.entries(value).map(([Name, Value]) => ({ Name, Value }));
}

export function keyValueList(value: Record<string, string> | undefined): Tree[] | undefined {
  if (!value) return undefined;
  return Object.entries(value).map(([Key, Value]) => ({ Key, Value }));
}

/** A message as sent in SendMessage or a batch entry (Query member names). */
export function messageFromQuery(p: Tree): Tree {
  const { MessageAttribute, MessageSystemAttribute, ...rest } = p;
  return { ...rest, MessageAttributes: messageAttributesFromQuery(MessageAttribute), MessageSystemAttributes: messageAttributesFromQuery(MessageSystemAttribute) };
}

export interface BatchError {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

export function batchError(id: string, err: unknown): BatchError {
  if (!isAwsError(err)) throw err;
  const e = err as AwsError;
  return { Id: id, SenderFault: e.fault === "client", Code: e.code, Message: e.message };
}
