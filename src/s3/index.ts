/**
 * S3: buckets and objects whose bytes stream to blobs, with checksums, multipart uploads,
 * presigned URLs, versioning, notifications and static websites.
 *
 * Gaps:
 * - Replication, logging, inventory, analytics, intelligent tiering, requester pays, access points,
 *   S3 Express, SelectObjectContent: answered with NotImplemented.
 * - SSE-KMS and SSE-C are recorded and answered (key ARNs, key MD5s), never applied to the bytes;
 *   public access blocks are stored, not enforced.
 * - Bucket policies are evaluated only for anonymous requests, and only under --enforce-iam
 *   (anonymous-access.ts, a small evaluator of the S3 subset; no IP conditions).
 * - Wire bindings come from AWS's model (model-binding.ts); its constraints do not: S3 answers bad
 *   input in its own words, so each handler checks what S3 checks, and request documents are read
 *   by S3's own readers.
 *
 * By design:
 * - Without --enforce-iam, unsigned requests are served like signed ones (local tools rely on it).
 * - Objects uploaded without a checksum get none (AWS computes a CRC64NVME for every new object);
 *   computing one nobody asked for would cost every PUT a full pass in JavaScript.
 * - A notification target whose port is missing (the service that owns it is not running) counts as
 *   "does not exist" when a configuration is saved.
 *
 * Client quirks:
 * - SDK v3 sends PutObject/UploadPart bodies as aws-chunked with a trailing CRC32 by default; they are
 *   decoded and verified. A range response never carries the full-object checksum (the SDK would
 *   compare it with the partial body and fail).
 * - Presigned PUT URLs from the SDK carry `x-amz-checksum-crc32=AAAAAA==` in the query; it is ignored.
 */
import { createS3State, s3Service, type S3Ctx } from "./state.js";
import { objectReader } from "./object-reader.js";
import { objectWriter } from "./object-writer.js";
import { armLifecycle, LIFECYCLE_JOB, sweepLifecycle } from "./lifecycle.js";
import { handleWebsite } from "./website.js";
import { operations } from "./operations/index.js";
import { migrations } from "./store.js";

export const service = s3Service({
  name: "s3",
  migrations,
  createState: createS3State,
  apis: [
    {
      id: "s3",
      protocol: "restXml",
      endpointName: "s3",
      maxBodyBytes: 20 * 1024 * 1024,
      operations,
    },
  ],
  handleHttp(req, ctx, state) {
    const s3ctx = ctx as S3Ctx;
    s3ctx.s3 = state;
    return handleWebsite(req, s3ctx);
  },
  start(env, state) {
    env.ports.provide("ObjectReader", objectReader(env, state));
    env.ports.provide("ObjectWriter", objectWriter(env, state));
    env.jobs.handle(LIFECYCLE_JOB, () => {
      sweepLifecycle(env, state);
      env.jobs.schedule(LIFECYCLE_JOB, {}, { key: "sweep", delayMs: 3_600_000 });
    });
    armLifecycle(env);
  },
  afterRestore(_env, state) {
    state.buckets.clear();
  },
});
