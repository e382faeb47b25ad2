/**
 * The service's SQL: event buses, rules, targets, Scheduler's groups and schedules, and the
 * deliveries outbox (one row per event and target, written in the same transaction as what caused
 * it, deleted once delivered: nothing acknowledged is lost across a restart).
 */
import type { Migration, Stmt, Store } from "../core/db.js";

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events_buses (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        description TEXT, created INTEGER NOT NULL, modified INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account, region, name)
      );
      CREATE TABLE events_rules (
        account TEXT NOT NULL, region TEXT NOT NULL, bus TEXT NOT NULL, name TEXT NOT NULL,
        pattern TEXT, schedule TEXT, state TEXT NOT NULL, description TEXT, role_arn TEXT,
        created INTEGER NOT NULL, anchor INTEGER NOT NULL, next_fire INTEGER,
        tags TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account, region, bus, name)
      );
      CREATE TABLE events_targets (
        account TEXT NOT NULL, region TEXT NOT NULL, bus TEXT NOT NULL, rule TEXT NOT NULL,
        id TEXT NOT NULL, arn TEXT NOT NULL, config TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (account, region, bus, rule, id)
      );
      CREATE INDEX events_targets_by_arn ON events_targets (account, region, arn);
      CREATE TABLE events_deliveries (
        id INTEGER PRIMARY KEY,
        due INTEGER NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
        source_arn TEXT NOT NULL, target TEXT NOT NULL, payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, first_at INTEGER NOT NULL
      );
      CREATE INDEX events_deliveries_by_due ON events_deliveries (due, id);
      CREATE TABLE events_schedule_groups (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        created INTEGER NOT NULL, modified INTEGER NOT NULL, tags TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account, region, name)
      );
      CREATE TABLE events_schedules (
        account TEXT NOT NULL, region TEXT NOT NULL, grp TEXT NOT NULL, name TEXT NOT NULL,
        config TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,
        anchor INTEGER NOT NULL, next_fire INTEGER,
        PRIMARY KEY (account, region, grp, name)
      );
    `,
  },
];

export interface BusRow {
  account: string;
  region: string;
  name: string;
  description: string | null;
  created: number;
  modified: number;
  tags: string;
}

export interface RuleRow {
  account: string;
  region: string;
  bus: string;
  name: string;
  pattern: string | null;
  schedule: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  created: number;
  anchor: number;
  next_fire: number | null;
  tags: string;
}

export interface TargetRow {
  id: string;
  arn: string;
  config: string;
  rule: string;
  bus: string;
}

export interface DeliveryRow {
  id: number;
  due: number;
  account: string;
  region: string;
  source_arn: string;
  target: string;
  payload: string;
  attempts: number;
  first_at: number;
}

export interface ScheduleRow {
  account: string;
  region: string;
  grp: string;
  name: string;
  config: string;
  created: number;
  modified: number;
  anchor: number;
  next_fire: number | null;
}

export interface GroupRow {
  account: string;
  region: string;
  name: string;
  created: number;
  modified: number;
  tags: string;
}

export class EventsStore {
  readonly getBus: Stmt<BusRow>;
  readonly listBuses: Stmt<BusRow>;
  readonly putBus: Stmt;
  readonly deleteBus: Stmt;
  readonly setBusTags: Stmt;
  readonly getRule: Stmt<RuleRow>;
  readonly listRules: Stmt<RuleRow>;
  readonly rulesWithPattern: Stmt<RuleRow>;
  readonly scheduledRules: Stmt<RuleRow>;
  readonly putRule: Stmt;
  readonly setRuleState: Stmt;
  readonly setRuleNextFire: Stmt;
  readonly setRuleTags: Stmt;
  readonly deleteRule: Stmt;
  readonly deleteBusRules: Stmt;
  readonly deleteBusTargets: Stmt;
  readonly targetsOf: Stmt<TargetRow>;
  readonly countTargets: Stmt<{ n: number }>;
  readonly putTarget: Stmt;
  readonly deleteTarget: Stmt;
  readonly rulesByTarget: Stmt<TargetRow>;
  readonly addDelivery: Stmt;
  readonly dueDeliveries: Stmt<DeliveryRow>;
  readonly nextDelivery: Stmt<{ due: number | null }>;
  readonly deleteDelivery: Stmt;
  readonly retryDelivery: Stmt;
  readonly getGroup: Stmt<GroupRow>;
  readonly listGroups: Stmt<GroupRow>;
  readonly putGroup: Stmt;
  readonly deleteGroup: Stmt;
  readonly setGroupTags: Stmt;
  readonly getSchedule: Stmt<ScheduleRow>;
  readonly listSchedules: Stmt<ScheduleRow>;
  readonly allSchedules: Stmt<ScheduleRow>;
  readonly putSchedule: Stmt;
  readonly setScheduleNextFire: Stmt;
  readonly deleteSchedule: Stmt;
  readonly deleteGroupSchedules: Stmt;

  constructor(readonly store: Store) {
    const s = <R = unknown>(sql: string): Stmt<R> => store.stmt<R>(sql);
    this.getBus = s("SELECT * FROM events_buses WHERE account = ? AND region = ? AND name = ?");
    this.listBuses = s("SELECT * FROM events_buses WHERE account = ? AND region = ? AND name > ? AND substr(name, 1, length(?)) = ? ORDER BY name");
    this.putBus = s("INSERT INTO events_buses (account, region, name, description, created, modified, tags) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.deleteBus = s("DELETE FROM events_buses WHERE account = ? AND region = ? AND name = ?");
    this.setBusTags = s("UPDATE events_buses SET tags = ? WHERE account = ? AND region = ? AND name = ?");
    this.getRule = s("SELECT * FROM events_rules WHERE account = ? AND region = ? AND bus = ? AND name = ?");
    this.listRules = s("SELECT * FROM events_rules WHERE account = ? AND region = ? AND bus = ? AND name > ? AND substr(name, 1, length(?)) = ? ORDER BY name");
    this.rulesWithPattern = s("SELECT * FROM events_rules WHERE account = ? AND region = ? AND bus = ? AND pattern IS NOT NULL AND state <> 'DISABLED'");
    this.scheduledRules = s("SELECT * FROM events_rules WHERE schedule IS NOT NULL AND state <> 'DISABLED' AND next_fire IS NOT NULL");
    this.putRule = s(`INSERT INTO events_rules (account, region, bus, name, pattern, schedule, state, description, role_arn, created, anchor, next_fire, tags)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account, region, bus, name) DO UPDATE SET pattern = excluded.pattern, schedule = excluded.schedule, state = excluded.state,
        description = excluded.description, role_arn = excluded.role_arn, anchor = excluded.anchor, next_fire = excluded.next_fire`);
    this.setRuleState = s("UPDATE events_rules SET state = ?, anchor = ?, next_fire = ? WHERE account = ? AND region = ? AND bus = ? AND name = ?");
    this.setRuleNextFire = s("UPDATE events_rules SET next_fire = ? WHERE account = ? AND region = ? AND bus = ? AND name = ?");
    this.setRuleTags = s("UPDATE events_rules SET tags = ? WHERE account = ? AND region = ? AND bus = ? AND name = ?");
    this.deleteRule = s("DELETE FROM events_rules WHERE account = ? AND region = ? AND bus = ? AND name = ?");
    this.deleteBusRules = s("DELETE FROM events_rules WHERE account = ? AND region = ? AND bus = ?");
    this.deleteBusTargets = s("DELETE FROM events_targets WHERE account = ? AND region = ? AND bus = ?");
    this.targetsOf = s("SELECT * FROM events_targets WHERE account = ? AND region = ? AND bus = ? AND rule = ? ORDER BY seq");
    this.countTargets = s("SELECT count(*) AS n FROM events_targets WHERE account = ? AND region = ? AND bus = ? AND rule = ?");
    this.putTarget = s(`INSERT INTO events_targets (account, region, bus, rule, id, arn, config, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account, region, bus, rule, id) DO UPDATE SET arn = excluded.arn, config = excluded.config`);
    this.deleteTarget = s("DELETE FROM events_targets WHERE account = ? AND region = ? AND bus = ? AND rule = ? AND id = ?");
    this.rulesByTarget = s("SELECT * FROM events_targets WHERE account = ? AND region = ? AND arn = ? AND bus = ? ORDER BY rule");
    this.addDelivery = s("INSERT INTO events_deliveries (due, account, region, source_arn, target, payload, first_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.dueDeliveries = s("SELECT * FROM events_deliveries WHERE due <= ? ORDER BY due, id LIMIT 100");
    this.nextDelivery = s("SELECT min(due) AS due FROM events_deliveries");
    this.deleteDelivery = s("DELETE FROM events_deliveries WHERE id = ?");
    this.retryDelivery = s("UPDATE events_deliveries SET due = ?, attempts = attempts + 1 WHERE id = ?");
    this.getGroup = s("SELECT * FROM events_schedule_groups WHERE account = ? AND region = ? AND name = ?");
    this.listGroups = s("SELECT * FROM events_schedule_groups WHERE account = ? AND region = ? AND name > ? AND substr(name, 1, length(?)) = ? ORDER BY name");
    this.putGroup = s("INSERT INTO events_schedule_groups (account, region, name, created, modified, tags) VALUES (?, ?, ?, ?, ?, ?)");
    this.deleteGroup = s("DELETE FROM events_schedule_groups WHERE account = ? AND region = ? AND name = ?");
    this.setGroupTags = s("UPDATE events_schedule_groups SET tags = ? WHERE account = ? AND region = ? AND name = ?");
    this.getSchedule = s("SELECT * FROM events_schedules WHERE account = ? AND region = ? AND grp = ? AND name = ?");
    this.listSchedules = s("SELECT * FROM events_schedules WHERE account = ? AND region = ? AND (grp || '/' || name) > ? ORDER BY grp, name");
    this.allSchedules = s("SELECT * FROM events_schedules WHERE next_fire IS NOT NULL");
    this.putSchedule = s(`INSERT INTO events_schedules (account, region, grp, name, config, created, modified, anchor, next_fire) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account, region, grp, name) DO UPDATE SET config = excluded.config, modified = excluded.modified, anchor = excluded.anchor, next_fire = excluded.next_fire`);
    this.setScheduleNextFire = s("UPDATE events_schedules SET next_fire = ? WHERE account = ? AND region = ? AND grp = ? AND name = ?");
    this.deleteSchedule = s("DELETE FROM events_schedules WHERE account = ? AND region = ? AND grp = ? AND name = ?");
    this.deleteGroupSchedules = s("DELETE FROM events_schedules WHERE account = ? AND region = ? AND grp = ?");
  }
}
