/**
 * S3's HTTP bindings from AWS's model (models/s3.json.gz): method, path with the greedy `{Key+}`,
 * sub-resource, query parameters, headers and `x-amz-meta-` prefix headers with their types, blob
 * and streaming payloads, success status and response headers are the model's. An operation names
 * only what S3 does beyond the model (`S3WireExtras`). Derived once per operation when its module
 * loads: a request meets the same compiled binding as a hand-written one.
 *
 * S3 keeps its own documents and words: a structure payload (`<Tagging>`, `<Delete>`, …) is read
 * by its root element and checked by the handler (MalformedXML, InvalidArgument, … in S3's words),
 * and answers are written under the root element S3 uses (`xmlRoot`); the model's constraints are
 * not applied (S3 answers bad input with its own codes, never coral's).
 */
import { deriveBinding } from "../core/models/http.js";
import { loadModel } from "../core/models/index.js";
import type { ValuedQueryBinding } from "../core/protocols/http-binding.js";
import type { HttpBinding } from "../core/service.js";

/** What an S3 operation's wire has beyond AWS's model. */
export interface S3WireExtras {
  /**
   * Query parameters the model binds but S3 needs present to tell a route from its neighbours:
   * the model tells UploadPart from PutObject by `?x-id=UploadPart`, which only the SDKs send
   * (the CLI, presigned URLs and curl do not), S3 by `partNumber` and `uploadId`.
   */
  requiredQuery?: string[];
  /** Headers that select the route (CopyObject and UploadPartCopy: `x-amz-copy-source`). */
  requiredHeaders?: string[];
  /** Request headers S3 reads that the model does not bind (aws-chunked uploads' `x-amz-decoded-content-length`, …). */
  headers?: Record<string, string>;
  /** Response headers S3 writes that the model does not bind. */
  outputHeaders?: Record<string, string>;
  /** Output member setting the status (206 for ranges, 304 for conditions: not in the model). */
  outputStatus?: string;
  /** Output member sent as the raw body where S3 writes the document itself (GetBucketLocation). */
  outputPayload?: string;
  /** Root element of the XML answer (the model's output shapes do not name it). */
  xmlRoot?: string;
}

/** The SDKs' operation marker (`?x-id=GetObject`): never required, other clients do not send it. */
const SDK_MARKER = "x-id";

let model: ReturnType<typeof loadModel> | undefined;

function s3Model(): ReturnType<typeof loadModel> {
  return (model ??= loadModel("s3"));
}

/**
 * The values AWS's model lists for an enum shape (`ObjectAttributes`, `Event`, …): the sets S3
 * checks values against, each answered in S3's own words where it is checked.
 */
export function modelEnum(shape: string): ReadonlySet<string> {
  const values = s3Model().shapes[shape]?.enum;
  if (!values) throw new Error(`the S3 model has no enum ${shape}`);
  return new Set(values);
}

/** The binding of S3 operation `name`: the model's, with S3's extras. */
export function modelBinding(name: string, extras: S3WireExtras = {}): HttpBinding {
  const { binding: derived, extras: derivedExtras } = deriveBinding(s3Model(), name);
  const binding: ValuedQueryBinding = { ...derived };
  const required = [...(derived.requiredQuery ?? []).filter((q) => q !== SDK_MARKER), ...(extras.requiredQuery ?? [])];
  if (required.length > 0) binding.requiredQuery = [...new Set(required)];
  else delete binding.requiredQuery;
  const values = (derived as ValuedQueryBinding).requiredQueryValues?.filter(([k]) => k !== SDK_MARKER);
  if (values?.length) binding.requiredQueryValues = values;
  else delete binding.requiredQueryValues;
  // Structure payloads are S3's documents, read by their root element (see the top).
  if (derivedExtras.payloadStructure) delete binding.payload;
  if (derivedExtras.outputPayloadStructure) delete binding.outputPayload;
  if (extras.requiredHeaders) binding.requiredHeaders = extras.requiredHeaders;
  if (extras.headers) binding.headers = { ...binding.headers, ...extras.headers };
  if (extras.outputHeaders) binding.outputHeaders = { ...binding.outputHeaders, ...extras.outputHeaders };
  if (extras.outputStatus) binding.outputStatus = extras.outputStatus;
  if (extras.outputPayload) binding.outputPayload = extras.outputPayload;
  if (extras.xmlRoot) binding.xmlRoot = extras.xmlRoot;
  return binding;
}
