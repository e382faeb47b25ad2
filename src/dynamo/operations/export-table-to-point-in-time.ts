import type { ExportTableToPointInTimeInput, ExportTableToPointInTimeOutput } from "@aws-sdk/client-dynamodb";
import { AwsError } from "../../core/errors.js";
import { tableNotFound } from "../backups.js";
import { pitrUnavailable, restoreWindow, toMillis } from "../pitr.js";
import { tableNameOf } from "../tables.js";
import { writeExport, type ExportRequest } from "../transfer/export.js";
import type { RequestContext } from "../../core/context.js";
import type { DynamoState } from "../state.js";
import { transferId } from "../transfer/ids.js";
import { saveTask, taskByToken, wireDates } from "../transfer/tasks.js";
import { dynamoOperation } from "../state.js";

const DATES = ["StartTime", "EndTime", "ExportTime"];

export const exportTableToPointInTime = dynamoOperation<ExportTableToPointInTimeInput, ExportTableToPointInTimeOutput>({
  name: "ExportTableToPointInTime",
  async handle(input, ctx, st) {
    const same = taskByToken(ctx, st, "export", input.ClientToken);
    if (same) {
      if (same.TableArn !== input.TableArn || same.S3Bucket !== input.S3Bucket) throw new AwsError("ExportConflictException", "There was a conflict when writing to the specified S3 bucket.");
      return { ExportDescription: wireDates(same, DATES) } as ExportTableToPointInTimeOutput;
    }
    const name = tableNameOf(input.TableArn!);
    const table = st.table(ctx.accountId, ctx.region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFound(input.TableArn!);
    const now = ctx.clock.now();
    const window = restoreWindow(table, now);
    if (!window) throw pitrUnavailable(name);
    // The window's end is the present for an export (it reads committed history, not a restore).
    const inWindow = (t: number) => t >= window.earliest && t <= now;
    const type = input.ExportType ?? "FULL_EXPORT";
    const spec = input.IncrementalExportSpecification;
    const exportTime = toMillis(input.ExportTime) ?? now;
    const from = toMillis(spec?.ExportFromTime);
    const to = toMillis(spec?.ExportToTime) ?? now;
    if (type === "FULL_EXPORT" && !inWindow(exportTime)) throw new AwsError("InvalidExportTimeException", "Export time is outside the point in time recovery window of the table");
    if (type === "INCREMENTAL_EXPORT" && (from === undefined || !inWindow(from) || !inWindow(to) || to <= from)) {
      throw new AwsError("InvalidExportTimeException", "Incremental export period is invalid: ExportFromTime and ExportToTime must lie in the point in time recovery window, ExportFromTime before ExportToTime");
    }
    const format = input.ExportFormat === "ION" ? "ION" : "DYNAMODB_JSON";
    const exportId = transferId(now);
    const arn = `${table.arn}/export/${exportId}`;
    const description: Record<string, unknown> = {
      ExportArn: arn,
      ExportStatus: "IN_PROGRESS",
      StartTime: now,
      TableArn: table.arn,
      TableId: table.tableId,
      ExportTime: type === "FULL_EXPORT" ? exportTime : undefined,
      ClientToken: input.ClientToken,
      S3Bucket: input.S3Bucket,
      S3BucketOwner: input.S3BucketOwner,
      S3Prefix: input.S3Prefix,
      S3SseAlgorithm: input.S3SseAlgorithm ?? "AES256",
      ExportFormat: format,
      ExportType: type,
      ...(type === "INCREMENTAL_EXPORT" ? { IncrementalExportSpecification: { ExportFromTime: new Date(from!), ExportToTime: new Date(to), ExportViewType: spec?.ExportViewType ?? "NEW_AND_OLD_IMAGES" } } : {}),
    };
    const answer = wireDates(description, DATES);
    // AWS answers IN_PROGRESS; the files are written between later requests, then COMPLETED.
    saveTask(ctx, st, "export", arn, now, input.ClientToken, description);
    const request = { table, arn, bucket: input.S3Bucket!, prefix: input.S3Prefix, exportTime, type, from, to, viewType: spec?.ExportViewType, format } as const;
    void ctx.bus.track(
      runExport(ctx, st, request, exportId)
        .catch((e: unknown) => ({ ExportStatus: "FAILED", FailureCode: "UNKNOWN", FailureMessage: String(e) }))
        .then((outcome) => {
          if (st.isOpen()) saveTask(ctx, st, "export", arn, now, input.ClientToken, { ...description, ...outcome, EndTime: ctx.clock.now() });
        }),
    );
    return { ExportDescription: answer } as ExportTableToPointInTimeOutput;
  },
});

async function runExport(ctx: RequestContext, st: DynamoState, request: ExportRequest, exportId: string): Promise<Record<string, unknown>> {
  const writer = await ctx.ports.get("ObjectWriter");
  if (!(await writer.bucketExists(ctx, request.bucket))) {
    return { ExportStatus: "FAILED", FailureCode: "S3NoSuchBucket", FailureMessage: "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)" };
  }
  const result = await writeExport(ctx, st, writer, request, exportId);
  const summaryKey = result.manifestKey.replace(/manifest-files\.json$/, "manifest-summary.json");
  return { ExportStatus: "COMPLETED", ItemCount: result.itemCount, BilledSizeBytes: result.bytes, ExportManifest: summaryKey };
}
