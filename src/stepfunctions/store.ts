/**
 * The service's SQL. Executions keep their resume point (`state`: the state being run, its input,
 * variables, a parked wait or task token) so that a restart picks every STANDARD execution up
 * where it stopped; history events are appended as they happen.
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sfn_machines (
        arn TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        created INTEGER NOT NULL,
        revision_id TEXT NOT NULL,
        description TEXT,
        logging TEXT,
        tracing TEXT,
        tags TEXT NOT NULL DEFAULT '{}',
        next_version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX sfn_machines_by_name ON sfn_machines (account, region, name);
      CREATE TABLE sfn_versions (
        arn TEXT PRIMARY KEY,
        machine_arn TEXT NOT NULL,
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        description TEXT,
        created INTEGER NOT NULL
      );
      CREATE TABLE sfn_aliases (
        arn TEXT PRIMARY KEY,
        machine_arn TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        routing TEXT NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL
      );
      CREATE TABLE sfn_activities (
        arn TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE sfn_executions (
        arn TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        machine_arn TEXT NOT NULL,
        version_arn TEXT,
        alias_arn TEXT,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        input TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        started INTEGER NOT NULL,
        stopped INTEGER,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        trace_header TEXT,
        parent TEXT,
        mock_case TEXT,
        redrive_count INTEGER NOT NULL DEFAULT 0,
        state TEXT
      );
      CREATE INDEX sfn_executions_by_machine ON sfn_executions (machine_arn, seq);
      CREATE INDEX sfn_executions_running ON sfn_executions (status);
      CREATE TABLE sfn_history (
        execution TEXT NOT NULL,
        id INTEGER NOT NULL,
        type TEXT NOT NULL,
        ts INTEGER NOT NULL,
        previous INTEGER NOT NULL,
        details TEXT,
        PRIMARY KEY (execution, id)
      ) WITHOUT ROWID;
      CREATE TABLE sfn_tasks (
        token TEXT PRIMARY KEY,
        execution TEXT NOT NULL,
        activity_arn TEXT,
        input TEXT,
        status TEXT NOT NULL,
        created INTEGER NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX sfn_tasks_by_activity ON sfn_tasks (activity_arn, status, seq);
    `,
  },
  {
    // An execution's open tasks are dropped when it ends: without this, a scan of every task.
    version: 2,
    sql: "CREATE INDEX sfn_tasks_by_execution ON sfn_tasks (execution);",
  },
  {
    // Distributed Maps run their items as child executions of a Map Run.
    version: 3,
    sql: `
      CREATE TABLE sfn_map_runs (
        arn TEXT PRIMARY KEY,
        execution TEXT NOT NULL,
        machine_arn TEXT NOT NULL,
        status TEXT NOT NULL,
        started INTEGER NOT NULL,
        stopped INTEGER,
        max_concurrency INTEGER NOT NULL,
        tolerated_percentage REAL NOT NULL,
        tolerated_count INTEGER NOT NULL,
        child_type TEXT NOT NULL,
        counts TEXT NOT NULL
      );
      CREATE INDEX sfn_map_runs_by_execution ON sfn_map_runs (execution);
      ALTER TABLE sfn_executions ADD COLUMN map_run TEXT;
      ALTER TABLE sfn_executions ADD COLUMN map_index INTEGER;
      CREATE INDEX sfn_executions_by_map_run ON sfn_executions (map_run, seq);
    `,
  },
  {
    // Where each Parallel branch and inline Map iteration of a STANDARD execution stands (path → resume point or result).
    version: 4,
    sql: `
      CREATE TABLE sfn_frames (
        execution TEXT NOT NULL,
        path TEXT NOT NULL,
        saved TEXT NOT NULL,
        PRIMARY KEY (execution, path)
      ) WITHOUT ROWID;
    `,
  },
];

export interface MachineRow {
  arn: string;
  account: string;
  region: string;
  name: string;
  type: string;
  definition: string;
  role_arn: string;
  created: number;
  revision_id: string;
  description: string | null;
  logging: string | null;
  tracing: string | null;
  tags: string;
  next_version: number;
}

export interface VersionRow {
  arn: string;
  machine_arn: string;
  version: number;
  definition: string;
  role_arn: string;
  revision_id: string;
  description: string | null;
  created: number;
}

export interface AliasRow {
  arn: string;
  machine_arn: string;
  name: string;
  description: string | null;
  routing: string;
  created: number;
  updated: number;
}

export interface ActivityRow {
  arn: string;
  name: string;
  created: number;
  tags: string;
}

export interface ExecutionRow {
  arn: string;
  seq: number;
  machine_arn: string;
  version_arn: string | null;
  alias_arn: string | null;
  name: string;
  type: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  started: number;
  stopped: number | null;
  definition: string;
  role_arn: string;
  trace_header: string | null;
  parent: string | null;
  mock_case: string | null;
  redrive_count: number;
  state: string | null;
  map_run: string | null;
  map_index: number | null;
}

export interface MapRunRow {
  arn: string;
  execution: string;
  machine_arn: string;
  status: string;
  started: number;
  stopped: number | null;
  max_concurrency: number;
  tolerated_percentage: number;
  tolerated_count: number;
  child_type: string;
  counts: string;
}

export interface HistoryRow {
  id: number;
  type: string;
  ts: number;
  previous: number;
  details: string | null;
}

export interface TaskRow {
  token: string;
  execution: string;
  activity_arn: string | null;
  input: string | null;
  status: string;
}

/** Every statement of the service, prepared once per Store. */
export class SfnStore {
  readonly machine: Stmt<MachineRow>;
  readonly machines: Stmt<MachineRow>;
  readonly insertMachine: Stmt;
  readonly updateMachine: Stmt;
  readonly deleteMachine: Stmt;
  readonly setMachineTags: Stmt;
  readonly takeVersionNumber: Stmt<{ version: number }>;

  readonly version: Stmt<VersionRow>;
  readonly versions: Stmt<VersionRow>;
  readonly insertVersion: Stmt;
  readonly deleteVersion: Stmt;
  readonly deleteVersions: Stmt;

  readonly alias: Stmt<AliasRow>;
  readonly aliases: Stmt<AliasRow>;
  readonly insertAlias: Stmt;
  readonly updateAlias: Stmt;
  readonly deleteAlias: Stmt;
  readonly deleteAliases: Stmt;

  readonly activity: Stmt<ActivityRow>;
  readonly activities: Stmt<ActivityRow>;
  readonly insertActivity: Stmt;
  readonly deleteActivity: Stmt;
  readonly setActivityTags: Stmt;

  readonly execution: Stmt<ExecutionRow>;
  readonly executionsOf: Stmt<ExecutionRow>;
  readonly runningExecutions: Stmt<ExecutionRow>;
  readonly insertExecution: Stmt;
  readonly nextExecutionSeq: Stmt<{ seq: number }>;
  readonly finishExecution: Stmt;
  readonly saveState: Stmt;
  readonly redrive: Stmt;

  readonly executionsOfMapRun: Stmt<ExecutionRow>;
  readonly mapRun: Stmt<MapRunRow>;
  readonly mapRunsOf: Stmt<MapRunRow>;
  readonly insertMapRun: Stmt;
  readonly updateMapRunCounts: Stmt;
  readonly finishMapRun: Stmt;
  readonly updateMapRunLimits: Stmt;

  readonly frame: Stmt<{ saved: string }>;
  readonly saveFrame: Stmt;
  readonly dropFrames: Stmt;
  readonly dropFramesOf: Stmt;

  readonly history: Stmt<HistoryRow>;
  readonly lastEventId: Stmt<{ id: number | null }>;
  readonly insertEvent: Stmt;

  readonly task: Stmt<TaskRow>;
  readonly insertTask: Stmt;
  readonly deleteTask: Stmt;
  readonly deleteTasksOf: Stmt;
  readonly nextActivityTask: Stmt<TaskRow>;
  readonly claimTask: Stmt;
  readonly setTaskStatus: Stmt;

  constructor(readonly store: Store) {
    const s = <Row>(sql: string): Stmt<Row> => store.stmt<Row>(sql);
    this.machine = s("SELECT * FROM sfn_machines WHERE arn = ?");
    this.machines = s("SELECT * FROM sfn_machines WHERE account = ? AND region = ? ORDER BY created, name");
    this.insertMachine = s(
      `INSERT INTO sfn_machines (arn, account, region, name, type, definition, role_arn, created, revision_id, description, logging, tracing, tags)
       VALUES (@arn, @account, @region, @name, @type, @definition, @role_arn, @created, @revision_id, @description, @logging, @tracing, @tags)`,
    );
    this.updateMachine = s(
      "UPDATE sfn_machines SET definition = @definition, role_arn = @role_arn, revision_id = @revision_id, logging = @logging, tracing = @tracing WHERE arn = @arn",
    );
    this.deleteMachine = s("DELETE FROM sfn_machines WHERE arn = ?");
    this.setMachineTags = s("UPDATE sfn_machines SET tags = ? WHERE arn = ?");
    this.takeVersionNumber = s("UPDATE sfn_machines SET next_version = next_version + 1 WHERE arn = ? RETURNING next_version - 1 AS version");

    this.version = s("SELECT * FROM sfn_versions WHERE arn = ?");
    this.versions = s("SELECT * FROM sfn_versions WHERE machine_arn = ? ORDER BY version DESC");
    this.insertVersion = s(
      "INSERT INTO sfn_versions (arn, machine_arn, version, definition, role_arn, revision_id, description, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.deleteVersion = s("DELETE FROM sfn_versions WHERE arn = ?");
    this.deleteVersions = s("DELETE FROM sfn_versions WHERE machine_arn = ?");

    this.alias = s("SELECT * FROM sfn_aliases WHERE arn = ?");
    this.aliases = s("SELECT * FROM sfn_aliases WHERE machine_arn = ? ORDER BY created");
    this.insertAlias = s("INSERT INTO sfn_aliases (arn, machine_arn, name, description, routing, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.updateAlias = s("UPDATE sfn_aliases SET description = ?, routing = ?, updated = ? WHERE arn = ?");
    this.deleteAlias = s("DELETE FROM sfn_aliases WHERE arn = ?");
    this.deleteAliases = s("DELETE FROM sfn_aliases WHERE machine_arn = ?");

    this.activity = s("SELECT * FROM sfn_activities WHERE arn = ?");
    this.activities = s("SELECT * FROM sfn_activities WHERE account = ? AND region = ? ORDER BY created, name");
    this.insertActivity = s("INSERT INTO sfn_activities (arn, account, region, name, created, tags) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    this.deleteActivity = s("DELETE FROM sfn_activities WHERE arn = ?");
    this.setActivityTags = s("UPDATE sfn_activities SET tags = ? WHERE arn = ?");

    this.execution = s("SELECT * FROM sfn_executions WHERE arn = ?");
    this.executionsOf = s("SELECT * FROM sfn_executions WHERE machine_arn = ? ORDER BY seq DESC");
    this.runningExecutions = s("SELECT * FROM sfn_executions WHERE status = 'RUNNING' AND type = 'STANDARD' ORDER BY seq");
    this.nextExecutionSeq = s("SELECT coalesce(max(seq), 0) + 1 AS seq FROM sfn_executions");
    this.insertExecution = s(
      `INSERT INTO sfn_executions (arn, seq, machine_arn, version_arn, alias_arn, name, type, status, input, started, definition, role_arn, trace_header, parent, mock_case, map_run, map_index)
       VALUES (@arn, @seq, @machine_arn, @version_arn, @alias_arn, @name, @type, 'RUNNING', @input, @started, @definition, @role_arn, @trace_header, @parent, @mock_case, @map_run, @map_index)`,
    );
    this.finishExecution = s("UPDATE sfn_executions SET status = ?, output = ?, error = ?, cause = ?, stopped = ? WHERE arn = ? AND status = 'RUNNING'");
    this.saveState = s("UPDATE sfn_executions SET state = ? WHERE arn = ? AND status = 'RUNNING'");
    this.redrive = s("UPDATE sfn_executions SET status = 'RUNNING', stopped = NULL, output = NULL, error = NULL, cause = NULL, state = ?, redrive_count = redrive_count + 1 WHERE arn = ?");

    this.executionsOfMapRun = s("SELECT * FROM sfn_executions WHERE map_run = ? ORDER BY seq DESC");
    this.mapRun = s("SELECT * FROM sfn_map_runs WHERE arn = ?");
    this.mapRunsOf = s("SELECT * FROM sfn_map_runs WHERE execution = ? ORDER BY started DESC, rowid DESC");
    this.insertMapRun = s(
      `INSERT INTO sfn_map_runs (arn, execution, machine_arn, status, started, max_concurrency, tolerated_percentage, tolerated_count, child_type, counts)
       VALUES (@arn, @execution, @machine_arn, 'RUNNING', @started, @max_concurrency, @tolerated_percentage, @tolerated_count, @child_type, @counts)`,
    );
    this.updateMapRunCounts = s("UPDATE sfn_map_runs SET counts = ? WHERE arn = ?");
    this.finishMapRun = s("UPDATE sfn_map_runs SET status = ?, stopped = ?, counts = ? WHERE arn = ? AND status = 'RUNNING'");
    this.updateMapRunLimits = s("UPDATE sfn_map_runs SET max_concurrency = ?, tolerated_percentage = ?, tolerated_count = ? WHERE arn = ?");

    this.frame = s("SELECT saved FROM sfn_frames WHERE execution = ? AND path = ?");
    this.saveFrame = s("INSERT OR REPLACE INTO sfn_frames (execution, path, saved) VALUES (?, ?, ?)");
    // Every path under a prefix: [prefix, prefix + U+FFFF).
    this.dropFrames = s("DELETE FROM sfn_frames WHERE execution = ? AND path >= ? AND path < ?");
    this.dropFramesOf = s("DELETE FROM sfn_frames WHERE execution = ?");

    this.history = s("SELECT id, type, ts, previous, details FROM sfn_history WHERE execution = ? ORDER BY id");
    this.lastEventId = s("SELECT max(id) AS id FROM sfn_history WHERE execution = ?");
    this.insertEvent = s("INSERT INTO sfn_history (execution, id, type, ts, previous, details) VALUES (?, ?, ?, ?, ?, ?)");

    this.task = s("SELECT token, execution, activity_arn, input, status FROM sfn_tasks WHERE token = ?");
    // Queue order is the rowid (a replaced row gets a new one): seq stays 0.
    this.insertTask = s("INSERT OR REPLACE INTO sfn_tasks (token, execution, activity_arn, input, status, created, seq) VALUES (?, ?, ?, ?, ?, ?, 0)");
    this.deleteTask = s("DELETE FROM sfn_tasks WHERE token = ?");
    this.deleteTasksOf = s("DELETE FROM sfn_tasks WHERE execution = ?");
    this.nextActivityTask = s("SELECT token, execution, activity_arn, input, status FROM sfn_tasks WHERE activity_arn = ? AND status = 'QUEUED' ORDER BY seq, rowid LIMIT 1");
    this.claimTask = s("UPDATE sfn_tasks SET status = 'STARTED' WHERE token = ? AND status = 'QUEUED'");
    this.setTaskStatus = s("UPDATE sfn_tasks SET status = ?, input = ? WHERE token = ?");
  }
}
