import { createLogGroup } from "./create-log-group.js";
import { createLogStream } from "./create-log-stream.js";
import { deleteLogGroup } from "./delete-log-group.js";
import { deleteLogStream } from "./delete-log-stream.js";
import { deleteRetentionPolicy } from "./delete-retention-policy.js";
import { describeLogGroups } from "./describe-log-groups.js";
import { describeLogStreams } from "./describe-log-streams.js";
import { filterLogEvents } from "./filter-log-events.js";
import { getLogEvents } from "./get-log-events.js";
import { listTagsForResource } from "./list-tags-for-resource.js";
import { listTagsLogGroup } from "./list-tags-log-group.js";
import { putLogEvents } from "./put-log-events.js";
import { putRetentionPolicy } from "./put-retention-policy.js";
import { tagLogGroup } from "./tag-log-group.js";
import { tagResource } from "./tag-resource.js";
import { untagLogGroup } from "./untag-log-group.js";
import { untagResource } from "./untag-resource.js";

/** Every operation, one file each (test/logs/operations-list.spec.ts checks none is missing). */
export const operations = [
  createLogGroup,
  deleteLogGroup,
  describeLogGroups,
  createLogStream,
  deleteLogStream,
  describeLogStreams,
  putLogEvents,
  getLogEvents,
  filterLogEvents,
  putRetentionPolicy,
  deleteRetentionPolicy,
  tagLogGroup,
  untagLogGroup,
  listTagsLogGroup,
  tagResource,
  untagResource,
  listTagsForResource,
];
