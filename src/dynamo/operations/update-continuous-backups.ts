import type { UpdateContinuousBackupsInput, UpdateContinuousBackupsOutput } from "@aws-sdk/client-dynamodb";
import { tableNotFound } from "../backups.js";
import { validation } from "../errors.js";
import { continuousBackupsDescription, pruneHistory, setPitr } from "../pitr.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const updateContinuousBackups = dynamoOperation<UpdateContinuousBackupsInput, UpdateContinuousBackupsOutput>({
  name: "UpdateContinuousBackups",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName);
    const spec = input.PointInTimeRecoverySpecification;
    if (c.required(spec, "pointInTimeRecoverySpecification")) {
      c.required(spec!.PointInTimeRecoveryEnabled, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
      c.range(spec!.RecoveryPeriodInDays, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1, 35);
    }
    c.throwIfAny();
    if (spec!.RecoveryPeriodInDays !== undefined && !spec!.PointInTimeRecoveryEnabled) {
      throw validation("RecoveryPeriodInDays can only be set when PointInTimeRecoveryEnabled is true");
    }
    const name = tableNameOf(input.TableName!);
    const table = st.table(ctx.accountId, ctx.region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFound(name);
    setPitr(ctx, st, table, spec!.PointInTimeRecoveryEnabled === true, spec!.RecoveryPeriodInDays);
    pruneHistory(ctx, st, table);
    return { ContinuousBackupsDescription: continuousBackupsDescription(table, ctx.clock.now()) } as UpdateContinuousBackupsOutput;
  },
});
