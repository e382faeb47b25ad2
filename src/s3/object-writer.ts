import { Readable } from "node:stream";
import type { Scope } from "../core/events.js";
import type { ObjectWriter } from "../core/ports.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceContext } from "../core/service-context.js";
import { findBucket, requireBucket } from "./buckets.js";
import { receiveBody } from "./body.js";
import { commitUpload } from "./objects.js";
import { MAX_PUT_SIZE } from "./operations/put-object.js";
import type { S3Ctx, S3Scope, S3State } from "./state.js";

/** Lets other services write objects as a PutObject would (notifications included) and list them. */
export function objectWriter(env: ServiceEnv, state: S3State): ObjectWriter {
  const scope: S3Scope = { s3: state };
  return {
    bucketExists: (_scope: Scope, bucket: string) => Promise.resolve(findBucket(scope, bucket) !== undefined),
    async putObject(caller, bucket, key, body, contentType) {
      const ctx: S3Ctx = Object.assign(serviceContext(env, caller.accountId, caller.region, "PutObject"), scope);
      const row = requireBucket(ctx, bucket);
      const received = await receiveBody(ctx, { Body: Readable.from([body]), ContentLength: body.length }, MAX_PUT_SIZE, true);
      commitUpload(ctx, row, key, received, { headers: contentType ? { ContentType: contentType } : {}, storageClass: "STANDARD" }, "ObjectCreated:Put");
      return { eTag: `"${received.md5Hex}"` };
    },
    listObjects(_scope, bucket, prefix) {
      const rows = state.sql.listLatestFrom.all(bucket, prefix);
      const out: { key: string; size: number }[] = [];
      for (const r of rows) {
        if (!r.key.startsWith(prefix)) break;
        out.push({ key: r.key, size: r.size });
      }
      return Promise.resolve(out);
    },
  };
}
