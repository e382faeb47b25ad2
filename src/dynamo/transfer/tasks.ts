/** Export and import task records: stored descriptions, found by ARN, listed by table. */
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import type { DynamoState } from "../state.js";

export type TransferKind = "export" | "import";

export function saveTask(ctx: RequestContext, st: DynamoState, kind: TransferKind, arn: string, created: number, token: string | undefined, description: Record<string, unknown>): void {
  st.transfers.put.run(arn, ctx.accountId, ctx.region, kind, created, token ?? null, JSON.stringify(description));
}

export function findTask(ctx: RequestContext, st: DynamoState, kind: TransferKind, arn: unknown): Record<string, unknown> {
  const row = typeof arn === "string" ? st.transfers.get.get(ctx.accountId, ctx.region, kind, arn) : undefined;
  if (!row) throw new AwsError(kind === "export" ? "ExportNotFoundException" : "ImportNotFoundException", `${kind === "export" ? "Export" : "Import"} not found: ${String(arn)}`);
  return JSON.parse(row.description) as Record<string, unknown>;
}

export function taskByToken(ctx: RequestContext, st: DynamoState, kind: TransferKind, token: string | undefined): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  const row = st.transfers.byToken.get(ctx.accountId, ctx.region, kind, token);
  return row ? (JSON.parse(row.description) as Record<string, unknown>) : undefined;
}

/** A page of a table's tasks (all tables when `tableArn` is absent); the token is the last ARN. */
export function listTasks(ctx: RequestContext, st: DynamoState, kind: TransferKind, tableArn: string | undefined, limit: number, after: string | undefined): { page: Record<string, unknown>[]; next?: string } {
  let rows = st.transfers.list.all(ctx.accountId, ctx.region, kind).map((r) => ({ arn: r.arn, d: JSON.parse(r.description) as Record<string, unknown> }));
  if (tableArn !== undefined) rows = rows.filter((r) => r.d.TableArn === tableArn);
  if (after !== undefined) rows = rows.slice(rows.findIndex((r) => r.arn === after) + 1);
  const page = rows.slice(0, limit);
  return { page: page.map((r) => r.d), ...(rows.length > limit ? { next: page[page.length - 1]!.arn } : {}) };
}

/** Timestamps are kept as epoch ms in descriptions; the wire wants dates. */
export function wireDates(d: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out = { ...d };
  for (const f of fields) if (typeof out[f] === "number") out[f] = new Date(out[f]);
  return out;
}

/**
 * After a restart: exports and imports the stop interrupted end FAILED (their work lived in the
 * stopped process), and an importing table becomes ACTIVE with the items loaded until then.
 */
export function failInterruptedTasks(st: DynamoState, now: number): void {
  for (const row of st.transfers.unfinished.all()) {
    const d = JSON.parse(row.description) as Record<string, unknown>;
    const statusField = row.kind === "export" ? "ExportStatus" : "ImportStatus";
    if (d[statusField] !== "IN_PROGRESS") continue;
    Object.assign(d, { [statusField]: "FAILED", FailureCode: "InternalServerError", FailureMessage: "local-aws stopped before the task finished", EndTime: now });
    st.transfers.put.run(row.arn, row.account, row.region, row.kind, row.created, row.token, JSON.stringify(d));
    const name = typeof d.TableArn === "string" ? d.TableArn.split("/").pop()! : "";
    const table = row.kind === "import" ? st.table(row.account, row.region, name) : undefined;
    if (table && table.readyAt === Number.MAX_SAFE_INTEGER && !table.filling) {
      table.readyAt = now;
      st.saveTable(row.account, row.region, table);
    }
  }
}
