/**
 * Reads a browser-based upload (`multipart/form-data`, RFC 7578) with busboy: the fields before the
 * file are collected (names lower-cased, as S3 matches them), the file streams on; fields after the
 * file are ignored, as S3 ignores them.
 */
import busboy from "busboy";
import type { Readable } from "node:stream";
import { AwsError } from "../core/errors.js";

export interface UploadForm {
  fields: Map<string, string>;
  file?: { stream: Readable; filename: string; contentType: string };
  /** Settles when the whole body has been read. */
  finished: Promise<void>;
}

const malformed = (): AwsError =>
  new AwsError("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.", { status: 400 });

/** S3's limit on the form fields (everything but the file): 20 KB. */
const MAX_FIELDS_BYTES = 20 * 1024;

export function readUploadForm(body: Readable, contentType: string | undefined): Promise<UploadForm> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) {
    body.resume();
    return Promise.reject(malformed());
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: MAX_FIELDS_BYTES }, preservePath: true });
  } catch {
    body.resume();
    return Promise.reject(malformed());
  }
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let fieldBytes = 0;
    let settled = false;
    let fileSeen = false;
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const finished = new Promise<void>((res, rej) => {
      finish = res;
      fail = rej;
    });
    finished.catch(() => undefined);
    const settle = (value: UploadForm | AwsError): void => {
      if (settled) return;
      settled = true;
      if (value instanceof AwsError) reject(value);
      else resolve(value);
    };
    const pendingFields: Promise<void>[] = [];
    const addField = (name: string, value: string): void => {
      fieldBytes += name.length + value.length;
      if (fieldBytes > MAX_FIELDS_BYTES) {
        settle(new AwsError("MaxPostPreDataLengthExceeded", "Your POST request fields preceeding the upload file was too large.", { status: 400 }));
        return;
      }
      const key = name.toLowerCase();
      if (!fields.has(key)) fields.set(key, value);
    };
    // Fields after the file are not part of the form, as S3 reads it.
    parser.on("field", (name, value) => {
      if (!fileSeen) addField(name, value);
    });
    parser.on("file", (name, stream, info) => {
      if (fileSeen || settled) {
        stream.resume();
        return;
      }
      // Only the part named "file" is the upload. Clients such as Python's requests (`files=`)
      // send every field as a part with a filename; S3 reads those as the fields they name.
      if (name.toLowerCase() !== "file") {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_FIELDS_BYTES) chunks.push(c);
        });
        pendingFields.push(new Promise((done) => stream.on("end", () => done(addField(name, Buffer.concat(chunks).toString("utf8"))))));
        return;
      }
      fileSeen = true;
      void Promise.all(pendingFields).then(() => settle({ fields, file: { stream, filename: info.filename ?? "", contentType: info.mimeType }, finished }));
    });
    parser.on("close", () => {
      finish();
      void Promise.all(pendingFields).then(() => settle({ fields, finished }));
    });
    parser.on("error", (err: unknown) => {
      fail(err);
      settle(malformed());
    });
    body.on("error", (err: unknown) => parser.destroy(err as Error));
    body.pipe(parser);
  });
}
