import { createScheduleGroup, deleteScheduleGroup, getScheduleGroup, listScheduleGroups } from "./groups.js";
import { listSchedules } from "./list-schedules.js";
import { createSchedule, deleteSchedule, getSchedule, updateSchedule } from "./schedules.js";
import { schedulerListTagsForResource, schedulerTagResource, schedulerUntagResource } from "./tags.js";

/** Every EventBridge Scheduler operation. */
export const schedulerOperations = [
  createSchedule,
  getSchedule,
  updateSchedule,
  deleteSchedule,
  listSchedules,
  createScheduleGroup,
  getScheduleGroup,
  deleteScheduleGroup,
  listScheduleGroups,
  schedulerTagResource,
  schedulerUntagResource,
  schedulerListTagsForResource,
];
