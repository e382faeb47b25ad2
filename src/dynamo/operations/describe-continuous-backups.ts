import type { DescribeContinuousBackupsInput, DescribeContinuousBackupsOutput } from "@aws-sdk/client-dynamodb";
import { tableNotFound } from "../backups.js";
import { continuousBackupsDescription, pruneHistory } from "../pitr.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const describeContinuousBackups = dynamoOperation<DescribeContinuousBackupsInput, DescribeContinuousBackupsOutput>({
  name: "DescribeContinuousBackups",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName);
    c.throwIfAny();
    const name = tableNameOf(input.TableName!);
    const table = st.table(ctx.accountId, ctx.region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFound(name);
    pruneHistory(ctx, st, table);
    return { ContinuousBackupsDescription: continuousBackupsDescription(table, ctx.clock.now()) } as DescribeContinuousBackupsOutput;
  },
});
