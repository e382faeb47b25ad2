import { createActivity } from "./create-activity.js";
import { createStateMachineAlias } from "./create-state-machine-alias.js";
import { createStateMachine } from "./create-state-machine.js";
import { deleteActivity } from "./delete-activity.js";
import { deleteStateMachineAlias } from "./delete-state-machine-alias.js";
import { deleteStateMachineVersion } from "./delete-state-machine-version.js";
import { deleteStateMachine } from "./delete-state-machine.js";
import { describeActivity } from "./describe-activity.js";
import { describeExecution } from "./describe-execution.js";
import { describeStateMachineAlias } from "./describe-state-machine-alias.js";
import { describeStateMachineForExecution } from "./describe-state-machine-for-execution.js";
import { describeStateMachine } from "./describe-state-machine.js";
import { getActivityTask } from "./get-activity-task.js";
import { getExecutionHistory } from "./get-execution-history.js";
import { listActivities } from "./list-activities.js";
import { listExecutions } from "./list-executions.js";
import { listStateMachineAliases } from "./list-state-machine-aliases.js";
import { listStateMachineVersions } from "./list-state-machine-versions.js";
import { listStateMachines } from "./list-state-machines.js";
import { listTagsForResource } from "./list-tags-for-resource.js";
import { describeMapRun, listMapRuns, updateMapRun } from "./map-runs.js";
import { publishStateMachineVersion } from "./publish-state-machine-version.js";
import { redriveExecution } from "./redrive-execution.js";
import { sendTaskFailure } from "./send-task-failure.js";
import { sendTaskHeartbeat } from "./send-task-heartbeat.js";
import { sendTaskSuccess } from "./send-task-success.js";
import { startExecution } from "./start-execution.js";
import { startSyncExecution } from "./start-sync-execution.js";
import { stopExecution } from "./stop-execution.js";
import { tagResource } from "./tag-resource.js";
import { testState } from "./test-state.js";
import { untagResource } from "./untag-resource.js";
import { updateStateMachineAlias } from "./update-state-machine-alias.js";
import { updateStateMachine } from "./update-state-machine.js";
import { validateStateMachineDefinition } from "./validate-state-machine-definition.js";

/** Every operation of AWS's model. */
export const operations = [
  createStateMachine,
  describeStateMachine,
  updateStateMachine,
  deleteStateMachine,
  listStateMachines,
  validateStateMachineDefinition,
  publishStateMachineVersion,
  listStateMachineVersions,
  deleteStateMachineVersion,
  createStateMachineAlias,
  describeStateMachineAlias,
  updateStateMachineAlias,
  deleteStateMachineAlias,
  listStateMachineAliases,
  describeStateMachineForExecution,
  tagResource,
  untagResource,
  listTagsForResource,
  createActivity,
  describeActivity,
  deleteActivity,
  listActivities,
  getActivityTask,
  startExecution,
  startSyncExecution,
  describeExecution,
  stopExecution,
  listExecutions,
  getExecutionHistory,
  redriveExecution,
  sendTaskSuccess,
  sendTaskFailure,
  sendTaskHeartbeat,
  listMapRuns,
  describeMapRun,
  updateMapRun,
  testState,
];
