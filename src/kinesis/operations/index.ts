import { deregisterStreamConsumer, describeStreamConsumer, listStreamConsumers, registerStreamConsumer } from "./consumers.js";
import { getRecords, getShardIterator, putRecord, putRecords } from "./records.js";
import { mergeShards, splitShard, updateShardCount } from "./shards.js";
import {
  addTagsToStream,
  decreaseStreamRetentionPeriod,
  increaseStreamRetentionPeriod,
  listTagsForStream,
  removeTagsFromStream,
  startStreamEncryption,
  stopStreamEncryption,
  updateMaxRecordSize,
  updateStreamMode,
} from "./settings.js";
import { createStream, deleteStream, describeStream, describeStreamSummary, listShards, listStreams } from "./streams.js";
import { subscribeToShard } from "./subscribe.js";

export const operations = [
  createStream,
  deleteStream,
  describeStream,
  describeStreamSummary,
  listStreams,
  listShards,
  putRecord,
  putRecords,
  getShardIterator,
  getRecords,
  splitShard,
  mergeShards,
  updateShardCount,
  increaseStreamRetentionPeriod,
  decreaseStreamRetentionPeriod,
  updateStreamMode,
  updateMaxRecordSize,
  startStreamEncryption,
  stopStreamEncryption,
  addTagsToStream,
  removeTagsFromStream,
  listTagsForStream,
  registerStreamConsumer,
  describeStreamConsumer,
  listStreamConsumers,
  deregisterStreamConsumer,
  subscribeToShard,
];
