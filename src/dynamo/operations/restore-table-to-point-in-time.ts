import type { RestoreTableToPointInTimeInput, RestoreTableToPointInTimeOutput } from "@aws-sdk/client-dynamodb";
import { restoreTable, tableNotFound, type RestoreOverrides } from "../backups.js";
import { validation } from "../errors.js";
import { invalidRestoreTime, pitrUnavailable, pruneHistory, restoreWindow, toMillis } from "../pitr.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const restoreTableToPointInTime = dynamoOperation<RestoreTableToPointInTimeInput, RestoreTableToPointInTimeOutput>({
  name: "RestoreTableToPointInTime",
  async handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TargetTableName, "targetTableName");
    c.tableName(input.SourceTableName, "sourceTableName", false);
    c.oneOf(input.BillingModeOverride, "billingModeOverride", ["PROVISIONED", "PAY_PER_REQUEST"]);
    c.throwIfAny();
    if ((input.SourceTableName === undefined) === (input.SourceTableArn === undefined)) {
      throw validation("Exactly one of SourceTableName or SourceTableArn must be specified");
    }
    const name = tableNameOf((input.SourceTableName ?? input.SourceTableArn)!);
    const source = st.table(ctx.accountId, ctx.region, name);
    if (!source || source.deletingUntil !== undefined) throw tableNotFound(name);
    const now = ctx.clock.now();
    const window = restoreWindow(source, now);
    if (!window) throw pitrUnavailable(name);
    const requested = toMillis(input.RestoreDateTime);
    if (input.UseLatestRestorableTime === true && requested !== undefined) {
      throw validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
    }
    const at = input.UseLatestRestorableTime === true ? window.latest : requested;
    if (at === undefined) throw validation("Either RestoreDateTime or UseLatestRestorableTime must be specified");
    if (at < window.earliest || at > window.latest) throw invalidRestoreTime(window);
    pruneHistory(ctx, st, source);
    const summary = { SourceTableArn: source.arn, RestoreDateTime: at };
    const description = await restoreTable(ctx, st, source, input.TargetTableName!, input as RestoreOverrides, summary, { historyOf: source.id, at });
    return { TableDescription: description } as RestoreTableToPointInTimeOutput;
  },
});
