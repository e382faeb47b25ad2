import type { ImportTableInput, ImportTableOutput } from "@aws-sdk/client-dynamodb";
import { AwsError } from "../../core/errors.js";
import { callOperation } from "../call-operation.js";
import { IMPORT_LOG_GROUP, runImport, type ImportOutcome } from "../transfer/import.js";
import { transferId } from "../transfer/ids.js";
import { saveTask, taskByToken, wireDates } from "../transfer/tasks.js";
import { createTable } from "./create-table.js";
import { dynamoOperation } from "../state.js";

const DATES = ["StartTime", "EndTime"];

export const importTable = dynamoOperation<ImportTableInput, ImportTableOutput>({
  name: "ImportTable",
  async handle(input, ctx, st) {
    const same = taskByToken(ctx, st, "import", input.ClientToken);
    if (same) {
      if ((same.TableCreationParameters as { TableName?: string } | undefined)?.TableName !== input.TableCreationParameters?.TableName) {
        throw new AwsError("IdempotentParameterMismatchException", "Request token already used with a different payload");
      }
      return { ImportTableDescription: wireDates(same, DATES) } as ImportTableOutput;
    }
    const params = input.TableCreationParameters!;
    const created = await callOperation(st, createTable, { ...params }, ctx);
    const table = st.table(ctx.accountId, ctx.region, params.TableName!)!;
    const now = ctx.clock.now();
    const arn = `${table.arn}/import/${transferId(now)}`;
    const description: Record<string, unknown> = {
      ImportArn: arn,
      ImportStatus: "IN_PROGRESS",
      TableArn: table.arn,
      TableId: (created.TableDescription as { TableId?: string }).TableId,
      ClientToken: input.ClientToken,
      S3BucketSource: input.S3BucketSource,
      ErrorCount: 0,
      CloudWatchLogGroupArn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${IMPORT_LOG_GROUP}:*`,
      InputFormat: input.InputFormat,
      InputFormatOptions: input.InputFormatOptions,
      InputCompressionType: input.InputCompressionType ?? "NONE",
      TableCreationParameters: params,
      StartTime: now,
      ProcessedSizeBytes: 0,
      ProcessedItemCount: 0,
      ImportedItemCount: 0,
    };
    const answer = wireDates(description, DATES);
    saveTask(ctx, st, "import", arn, now, input.ClientToken, description);
    // AWS answers IN_PROGRESS with the table CREATING; the items load between later requests.
    const readyAt = table.readyAt;
    table.readyAt = Number.MAX_SAFE_INTEGER;
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    const source = input.S3BucketSource!;
    const work = runImport(st, ctx, table, arn, {
      bucket: source.S3Bucket!,
      prefix: source.S3KeyPrefix ?? "",
      format: input.InputFormat!,
      compression: input.InputCompressionType,
      csv: input.InputFormatOptions?.Csv,
    })
      .catch((e: unknown): ImportOutcome => ({ processed: 0, imported: 0, errors: 0, bytes: 0, failure: { code: "InternalServerError", message: String(e) } }))
      .then((outcome) => {
        if (!st.isOpen() || st.table(ctx.accountId, ctx.region, table.name)?.id !== table.id) return;
        ctx.store.txn(() => {
          table.readyAt = Math.max(readyAt, ctx.clock.now());
          st.saveTable(ctx.accountId, ctx.region, table);
          saveTask(ctx, st, "import", arn, now, input.ClientToken, {
            ...description,
            ImportStatus: outcome.failure ? "FAILED" : "COMPLETED",
            ...(outcome.failure ? { FailureCode: outcome.failure.code, FailureMessage: outcome.failure.message } : {}),
            ErrorCount: outcome.errors,
            ProcessedItemCount: outcome.processed,
            ImportedItemCount: outcome.imported,
            ProcessedSizeBytes: outcome.bytes,
            EndTime: ctx.clock.now(),
          });
        });
      });
    void ctx.bus.track(work);
    return { ImportTableDescription: answer } as ImportTableOutput;
  },
});
