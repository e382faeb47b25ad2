import type { ListStreamsInput, ListStreamsOutput, _Stream } from "@aws-sdk/client-dynamodb-streams";
import { streamArnOf } from "../records.js";
import { dynamoStateFor } from "../reader.js";
import { streamsErrors } from "../errors.js";
import { streamsOperation } from "../state.js";
import { checks } from "./checks.js";

/** The enabled stream of each table (or of one table), in table-name order. */
export const listStreams = streamsOperation<ListStreamsInput, ListStreamsOutput>({
  name: "ListStreams",
  handle(input, ctx) {
    checks()
      .string("tableName", input.TableName, { min: 3, max: 255, pattern: "[a-zA-Z0-9_.-]+" })
      .int("limit", input.Limit, 1, 100)
      .string("exclusiveStartStreamArn", input.ExclusiveStartStreamArn, { min: 37, max: 1024 })
      .done();
    const st = dynamoStateFor(ctx.ports);
    if (!st) {
      if (input.TableName) throw streamsErrors.validation(`Requested resource not found: Table: ${input.TableName} not found`);
      return { Streams: [] };
    }
    const names = input.TableName ? [input.TableName] : st.sql.listTables.all(ctx.accountId, ctx.region, "", 1_000_000).map((r) => r.name);
    const streams: _Stream[] = [];
    for (const name of names) {
      const table = st.table(ctx.accountId, ctx.region, name);
      if (!table) {
        if (input.TableName) throw streamsErrors.validation(`Requested resource not found: Table: ${name} not found`);
        continue;
      }
      const arn = streamArnOf(table);
      if (arn) streams.push({ StreamArn: arn, TableName: table.name, StreamLabel: table.streamLabel });
    }
    const start = input.ExclusiveStartStreamArn ? streams.findIndex((s) => s.StreamArn === input.ExclusiveStartStreamArn) + 1 : 0;
    const limit = input.Limit ?? 100;
    const page = streams.slice(start, start + limit);
    const more = start + limit < streams.length;
    return { Streams: page, ...(more ? { LastEvaluatedStreamArn: page[page.length - 1]!.StreamArn } : {}) };
  },
});
