/**
 * A discarded stream batch written to an S3 on-failure destination (Kinesis and DynamoDB-stream
 * mappings): AWS's invocation record with the batch's invocation payload, as an object under
 * `aws/lambda/<mapping UUID>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`, written through the
 * ObjectWriter port (so the bucket's notifications fire).
 */
import { parseArn } from "../../core/arn.js";
import { uuid } from "../../core/ids.js";
import type { Runtime } from "../runtime.js";
import type { MappingConfig } from "./model.js";

/** Where `aws/lambda/...` objects go: the key of a discarded batch written at `now`. */
export function failureObjectKey(mappingUuid: string, shardId: string, now: number, id: string): string {
  const iso = new Date(now).toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  return `aws/lambda/${mappingUuid}/${shardId}/${date.replaceAll("-", "/")}/${date}T${time.replaceAll(":", ".")}-${id}`;
}

/** Writes the record (with `payload` added) to the bucket `destination` names. */
export async function writeFailureObject(rt: Runtime, config: MappingConfig, destination: string, shardId: string, record: Record<string, unknown>, payload: unknown): Promise<void> {
  const writer = await rt.env.ports.get("ObjectWriter");
  const scope = parseArn(config.FunctionArn);
  const bucket = parseArn(destination)?.resource ?? "";
  const key = failureObjectKey(config.UUID, shardId, rt.env.clock.now(), uuid());
  await writer.putObject({ accountId: scope?.accountId ?? "", region: scope?.region ?? "" }, bucket, key, Buffer.from(JSON.stringify({ ...record, payload })), "application/json");
}
