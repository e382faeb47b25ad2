/** What the interpreter works with: one execution's run, and the frame of a (sub)workflow inside it. */
import type { QueryLanguage } from "../asl/validate.js";
import type { Json, JsonObject } from "../asl/json.js";
import type { ObjectReader } from "../../core/ports.js";
import type { TaskResource } from "../asl/resources.js";
import type { History } from "./history.js";
import type { MapRunOutcome, MapRunRequest } from "./map-runs.js";
import type { RunTracker, Wakeups } from "./wakeups.js";

export interface ExecutionInfo {
  arn: string;
  name: string;
  machineArn: string;
  machineName: string;
  roleArn: string;
  startTime: number;
  input: Json;
  redriveCount: number;
  type: "STANDARD" | "EXPRESS";
  accountId: string;
  region: string;
  /** Set for executions started by `states:startExecution` (AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID). */
  parent?: string;
}

/** Where a STANDARD execution stands, saved at each top-level transition. */
export interface ResumePoint {
  state: string;
  input: Json;
  variables: JsonObject;
  retries: Record<string, number>;
  mockCalls?: Record<string, number>;
  /** A Wait state's due time, once entered. */
  waitUntil?: number;
  /** A callback or activity task's token and deadlines, once submitted. */
  task?: { token: string; timeoutAt?: number; heartbeatSeconds?: number; heartbeatDue?: number; resourceType: string; resource: string; kind: string };
  /** The id of the event the state was entered with (history continues from it). */
  enteredEventId?: number;
  /** A distributed Map's Map Run, once started (a restart reattaches to its children). */
  mapRun?: string;
}

/** A mocked response of SFN Local's mock file, already chosen for this state and call. */
export type MockedResult = { Return: Json } | { Throw: { Error?: string; Cause?: string } };

export interface TaskCall {
  resource: TaskResource;
  parameters: Json;
  token?: string;
  run: Run;
  signal: AbortSignal;
  /** Parks the execution while `work` runs elsewhere (child executions). */
  parked<T>(work: Promise<T>): Promise<T>;
}

export interface Integrations {
  /** Calls the integration; the result is the state's raw result. */
  call(call: TaskCall): Promise<Json>;
}

export interface TokenWaiter {
  /** Resolves with the task's output, rejects with a StatesError (failure, timeout). */
  wait(token: string, options: { timeoutAt?: number; heartbeatSeconds?: number; heartbeatDue?: number; signal: AbortSignal }): Promise<Json>;
  /** Whether a parked task's answer has arrived (stored with it). */
  answered(token: string): boolean;
  /** Queues an activity task for workers. */
  scheduleActivity(activityArn: string, token: string, input: Json, execution: string): void;
  /** Resolves when a worker picked the task up (with its name). */
  activityStarted(token: string): Promise<string | undefined>;
  newToken(execution: string): string;
  forget(token: string): void;
}

/** An object of a listing; S3 may tell more than the port promises (ETag, time). */
export interface ListedObject {
  key: string;
  size: number;
  etag?: string;
  lastModified?: number;
}

export interface EngineServices {
  wakeups: Wakeups;
  tracker: RunTracker;
  integrations: Integrations;
  tokens: TokenWaiter;
  /** SFN Local's WAIT_TIME_SCALE: Wait states and retry intervals last this fraction of their time. */
  waitScale: number;
  /** S3's reader (distributed Map's ItemReader). */
  objects(): Promise<ObjectReader>;
  /**
   * Takes a STANDARD execution out of memory until `at` (its resume point is saved): a durable job
   * resumes it then. Lets thousands of long Waits cost rows, not heap.
   */
  park(run: Run, at: number): void;
  /** Takes an execution waiting for a callback out of memory: an answer, a heartbeat deadline or a timeout resumes it. */
  parkTask(run: Run, task: NonNullable<ResumePoint["task"]>): void;
  /** S3's listing (ItemReader `s3:listObjectsV2`): the current objects under `prefix`, in key order. */
  listObjects(scope: { accountId: string; region: string }, bucket: string, prefix: string): Promise<ListedObject[]>;
  /** Runs a distributed Map's items as child executions of a Map Run (absent in TestState, which runs them inline). */
  runMap?(req: MapRunRequest): Promise<MapRunOutcome>;
  /** Writes an object to the local S3 (distributed Map's ResultWriter). */
  writeObject(scope: { accountId: string; region: string }, bucket: string, key: string, body: string): Promise<void>;
}

/** What a branch or iteration left behind: where it stands, or how it ended. */
export type SavedFrame = { point: ResumePoint } | { done: Json } | { failed: { Error: string; Cause: string } };

/** The saved frames of a STANDARD execution, by path (`/Par/b0`, `/Par/b0/Each/i3`). */
export interface FrameStore {
  load(path: string): SavedFrame | undefined;
  save(path: string, saved: SavedFrame): void;
  /** Forgets every frame under `prefix` (a Parallel or Map that ended, or starts again). */
  drop(prefix: string): void;
}

export interface Run {
  info: ExecutionInfo;
  history: History;
  signal: AbortSignal;
  services: EngineServices;
  /** Whether the run saves resume points (STANDARD). */
  persistent: boolean;
  /** Saves the resume point (STANDARD only; a no-op otherwise). */
  checkpoint(point: ResumePoint): void;
  /** Branch and iteration progress (STANDARD only). */
  frames?: FrameStore;
  /** SFN Local's test case: state name → its mocked responses by call index. */
  mock?: Record<string, Record<string, MockedResult>>;
  mockCalls: Map<string, number>;
  /** The execution's TimeoutSeconds deadline, if it has one. */
  timeoutAt?: number;
}

export interface Frame {
  run: Run;
  language: QueryLanguage;
  variables: JsonObject;
  retries: Map<string, number>;
  top: boolean;
  /** "" at the top; `<parent path>/<state>/b<i>` for a branch, `/…/i<index>` for an iteration. */
  path: string;
  /** The point this frame resumes from, consumed by the state it names. */
  resume?: ResumePoint;
  /** `$$.Map.Item` inside a Map iteration. */
  mapItem?: JsonObject;
  /** The id of this frame's last event (previousEventId of its next one). */
  prev: number;
}
