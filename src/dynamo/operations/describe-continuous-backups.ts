import type { DescribeContinuousBackupsInput, DescribeContinuousBackupsOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { tableNotFound } from "../backups.js";
import { continuousBackupsDescription, pruneHistory } from "../pitr.js";
import { stateOf } from "../state.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";

export const describeContinuousBackups = defineOperation<DescribeContinuousBackupsInput, DescribeContinuousBackupsOutput>({
  name: "DescribeContinuousBackups",
  handle(input, ctx) {
    const c = new Constraints();
    c.tableName(input.TableName);
    c.throwIfAny();
    const st = stateOf(ctx);
    const name = tableNameOf(input.TableName!);
    const table = st.table(ctx.accountId, ctx.region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFound(name);
    pruneHistory(ctx, st, table);
    return { ContinuousBackupsDescription: continuousBackupsDescription(table, ctx.clock.now()) } as DescribeContinuousBackupsOutput;
  },
});
