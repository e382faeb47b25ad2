import { createScheduleGroup, deleteScheduleGroup, getScheduleGroup, listScheduleGroups } from "./groups.js";
import { listSchedules } from "./list-schedules.js";
import { createSchedule, deleteSchedule, getSchedule, updateSchedule } from "./schedules.js";

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
];
