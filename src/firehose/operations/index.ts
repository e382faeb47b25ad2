import { createDeliveryStream, deleteDeliveryStream, describeDeliveryStream, listDeliveryStreams, updateDestination } from "./delivery-streams.js";
import { putRecord, putRecordBatch } from "./records.js";
import { listTagsForDeliveryStream, tagDeliveryStream, untagDeliveryStream } from "./tags.js";

export const operations = [
  createDeliveryStream,
  describeDeliveryStream,
  listDeliveryStreams,
  deleteDeliveryStream,
  updateDestination,
  putRecord,
  putRecordBatch,
  tagDeliveryStream,
  untagDeliveryStream,
  listTagsForDeliveryStream,
];
