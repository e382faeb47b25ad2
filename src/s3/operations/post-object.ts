import type { Readable } from "node:stream";
import { parseXml, xmlDocument } from "../../core/protocols/xml.js";
import { requireBucket } from "../buckets.js";
import { receiveBody } from "../body.js";
import { s3Errors } from "../errors.js";
import { readUploadForm } from "../form-upload.js";
import { objectHeaders, storageClassOf } from "../metadata.js";
import { commitUpload, versioned } from "../objects.js";
import { checkLength, checkPolicy, parsePolicy } from "../post-policy.js";
import { s3Operation } from "../wire.js";
import { checkAcl } from "../acls.js";
import { checkAnonymous, judgesAnonymous } from "../anonymous-access.js";
import { encryptionFor, type StoredEncryption } from "../encryption.js";
import type { Tag } from "../tagging.js";
import { parseTagSet } from "./bucket-tagging.js";
import { MAX_PUT_SIZE } from "./put-object.js";

/** The `tagging` field: the object's tags as the XML document PutObjectTagging takes. */
function formTags(text: string | undefined): Tag[] | undefined {
  if (text === undefined) return undefined;
  let doc: { root: string; value: unknown };
  try {
    doc = parseXml(text);
  } catch {
    throw s3Errors.malformedXml();
  }
  if (doc.root !== "Tagging") throw s3Errors.malformedXml();
  return parseTagSet(doc.value, 10);
}

interface Input {
  Bucket: string;
  Body: Readable;
  FormContentType?: string;
}

interface Output {
  Status: number;
  Body?: string;
  ContentType?: string;
  ETag?: string;
  Location?: string;
  VersionId?: string;
}

function formBoolean(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === "true";
}

/** Browser-based uploads: `POST /{bucket}` with a multipart/form-data body (fields, then the file). */
export const postObject = s3Operation<Input, Output>({
  name: "PostObject",
  http: {
    method: "POST",
    path: "/{Bucket}",
    headers: { "content-type": "FormContentType" },
    payload: "Body",
    streaming: true,
    outputStatus: "Status",
    outputPayload: "Body",
    outputHeaders: { ContentType: "content-type", ETag: "etag", Location: "location", VersionId: "x-amz-version-id" },
  },
  async handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const form = await readUploadForm(input.Body, input.FormContentType);
    const { fields, file } = form;
    const rawKey = fields.get("key");
    if (rawKey === undefined) {
      file?.stream.resume();
      throw s3Errors.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", "key", "");
    }
    if (!file) throw s3Errors.invalidArgument("POST requires exactly one file upload per request.", "file", "0");
    const encodedPolicy = fields.get("policy");
    const policy = encodedPolicy !== undefined ? parsePolicy(encodedPolicy) : undefined;
    try {
      if (policy) checkPolicy(policy, fields, bucket.name, ctx.clock.now());
    } catch (err) {
      file.stream.resume();
      throw err;
    }
    const key = rawKey.replaceAll("${filename}", file.filename);
    let tags: Tag[] | undefined;
    let encryption: StoredEncryption = {};
    try {
      if (key.length === 0) throw s3Errors.invalidArgument("User key must have a length greater than 0.", "key", "");
      // A form without a signed policy is an anonymous request (judged under --enforce-iam).
      if (ctx.accessKeyId === undefined && !fields.has("x-amz-credential") && !fields.has("awsaccesskeyid") && judgesAnonymous(ctx)) checkAnonymous(ctx, "PostObject", { Bucket: bucket.name, Key: key });
      // The `acl` field is judged as the x-amz-acl header is (ACLs are disabled by default).
      checkAcl(ctx, bucket.name, { ACL: fields.get("acl") });
      encryption = encryptionFor(ctx, bucket, { ServerSideEncryption: fields.get("x-amz-server-side-encryption"), SSEKMSKeyId: fields.get("x-amz-server-side-encryption-aws-kms-key-id"), BucketKeyEnabled: formBoolean(fields.get("x-amz-server-side-encryption-bucket-key-enabled")) }, false);
      tags = formTags(fields.get("tagging"));
    } catch (err) {
      file.stream.resume();
      throw err;
    }
    const metadata: Record<string, string> = {};
    for (const [name, value] of fields) if (name.startsWith("x-amz-meta-")) metadata[name.slice("x-amz-meta-".length)] = value;
    const headers = objectHeaders(
      {
        ContentType: fields.get("content-type"),
        CacheControl: fields.get("cache-control"),
        ContentDisposition: fields.get("content-disposition"),
        ContentEncoding: fields.get("content-encoding"),
        Expires: fields.get("expires"),
        WebsiteRedirectLocation: fields.get("x-amz-website-redirect-location"),
        Metadata: Object.keys(metadata).length ? metadata : undefined,
      },
      fields.get("content-encoding"),
    );
    Object.assign(headers, encryption);
    const storageClass = storageClassOf(fields.get("x-amz-storage-class"));
    const body = await receiveBody(ctx, { Body: file.stream }, MAX_PUT_SIZE, true);
    const etag = `"${body.md5Hex}"`;
    const row = commitUpload(ctx, bucket, key, body, { headers, storageClass, tags }, "ObjectCreated:Post", () => checkLength(policy, body.size));
    await form.finished.catch(() => undefined);
    const location = `${ctx.endpoint}/${bucket.name}/${encodeURIComponent(key).replaceAll("%2F", "/")}`;
    const versionId = versioned(bucket) ? row.version_id : undefined;
    const redirect = fields.get("success_action_redirect") ?? fields.get("redirect");
    if (redirect && /^https?:\/\//i.test(redirect)) {
      const target = new URL(redirect);
      target.searchParams.set("bucket", bucket.name);
      target.searchParams.set("key", key);
      target.searchParams.set("etag", etag);
      return { Status: 303, Location: target.toString(), ETag: etag, VersionId: versionId };
    }
    const status = Number(fields.get("success_action_status"));
    if (status === 201) {
      const xml = xmlDocument("PostResponse", { Location: location, Bucket: bucket.name, Key: key, ETag: etag });
      return { Status: 201, Body: xml, ContentType: "application/xml", ETag: etag, Location: location, VersionId: versionId };
    }
    return { Status: status === 200 ? 200 : 204, ETag: etag, Location: location, VersionId: versionId };
  },
});
