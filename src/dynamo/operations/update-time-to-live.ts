/** The TTL configuration; enabling it starts the sweeps (streams/ttl.ts). */
import type { UpdateTimeToLiveInput, UpdateTimeToLiveOutput } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors.js";
import { ttlEnabled } from "../streams/ttl.js";
import { controlTable } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

/** DynamoDB refuses a second TTL change within an hour. */
const CHANGE_INTERVAL_MS = 60 * 60 * 1000;

export const updateTimeToLive = dynamoOperation<UpdateTimeToLiveInput, UpdateTimeToLiveOutput>({
  name: "UpdateTimeToLive",
  async handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName);
    if (c.required(input.TimeToLiveSpecification, "timeToLiveSpecification")) {
      c.required(input.TimeToLiveSpecification!.Enabled, "timeToLiveSpecification.enabled");
      c.required(input.TimeToLiveSpecification!.AttributeName, "timeToLiveSpecification.attributeName");
    }
    c.throwIfAny();
    const table = structuredClone(controlTable(ctx, st, input.TableName));
    const spec = input.TimeToLiveSpecification!;
    const now = ctx.clock.now();
    if (table.ttl && now - table.ttl.changedAt < CHANGE_INTERVAL_MS) throw validation("Time to live has been modified multiple times within a fixed interval");
    if (spec.Enabled && table.ttl?.Enabled) throw validation("TimeToLive is already enabled");
    if (!spec.Enabled && !table.ttl?.Enabled) throw validation("TimeToLive is already disabled");
    if (!spec.Enabled && table.ttl && table.ttl.AttributeName !== spec.AttributeName) {
      throw validation(`The specified attribute name ${spec.AttributeName} does not match the attribute name ${table.ttl.AttributeName} for which TimeToLive is enabled`);
    }
    table.ttl = { AttributeName: spec.AttributeName!, Enabled: spec.Enabled!, changedAt: now };
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    if (spec.Enabled) await ttlEnabled(ctx);
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  },
});
