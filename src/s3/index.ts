/**
 * S3: buckets and objects whose bytes stream to blobs, with checksums, multipart uploads,
 * presigned URLs, versioning, notifications and static websites.
 *
 * Gaps:
 * - Object lock, SSE-C/KMS, replication, logging, inventory, analytics, intelligent tiering,
 *   requester pays, access points, S3 Express: answered with NotImplemented.
 * - Lifecycle rules, encryption, public access blocks, ownership controls and ACLs are stored or
 *   reported, never enforced (lifecycle never expires objects).
 * - Bucket policies are stored and returned, never evaluated; any credentials may touch any bucket.
 * - Signatures are not verified (presigned URLs do expire on the server's clock).
 * - SelectObjectContent is not supported; POST (browser form) uploads ignore the `tagging` field.
 *
 * By design:
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
import { defineService } from "../core/service.js";
import { forgetCaches } from "./buckets.js";
import { objectReader } from "./object-reader.js";
import { objectWriter } from "./object-writer.js";
import { armLifecycle, LIFECYCLE_JOB, sweepLifecycle } from "./lifecycle.js";
import { handleWebsite } from "./website.js";
import { operations } from "./operations/index.js";
import { migrations } from "./store.js";

export const service = defineService({
  name: "s3",
  migrations,
  apis: [
    {
      id: "s3",
      protocol: "restXml",
      endpointName: "s3",
      maxBodyBytes: 20 * 1024 * 1024,
      operations,
    },
  ],
  handleHttp: handleWebsite,
  start(env) {
    env.ports.provide("ObjectReader", objectReader(env));
    env.ports.provide("ObjectWriter", objectWriter(env));
    env.jobs.handle(LIFECYCLE_JOB, () => {
      sweepLifecycle(env);
      env.jobs.schedule(LIFECYCLE_JOB, {}, { key: "sweep", delayMs: 3_600_000 });
    });
    armLifecycle(env);
  },
  afterRestore: forgetCaches,
});
