import type { TransactWriteItemsInput, TransactWriteItemsOutput } from "@aws-sdk/client-dynamodb";
import { createHash } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import type { DynamoItemChanged } from "../../core/events.js";
import { isAwsError } from "../../core/errors.js";
import type { Item } from "../attribute-value.js";
import type { Consumed } from "../capacity.js";
import { idempotentParameterMismatch, transactionCanceled, transactionInProgress, validation, type CancellationReason } from "../errors.js";
import { evalCondition } from "../expressions/index.js";
import { itemId } from "../keys.js";
import { applyWrite, prepareCheck, prepareDelete, preparePut, prepareUpdate, readItem, type PreparedWrite } from "../prepared.js";
import { capacityOut, consumedFor, output } from "../requests.js";
import { Constraints, listOf } from "../validation.js";
import { itemCollectionMetrics, publishChanges } from "../writes.js";
import { dynamoOperation, type DynamoState } from "../state.js";

/** ClientRequestToken: the same token and body within 10 minutes is answered like the first call. */
const TOKEN_TTL_MS = 10 * 60 * 1000;

let tokensWritten = 0;

type Action = NonNullable<TransactWriteItemsInput["TransactItems"]>[number];
type Prepared = { write: PreparedWrite; returnOnFailure?: string };

function prepare(ctx: RequestContext, st: DynamoState, a: Action): Prepared {
  const kinds = [a.ConditionCheck, a.Put, a.Delete, a.Update].filter(Boolean).length;
  if (kinds !== 1) throw validation("TransactItems can only contain one of Check, Put, Update or Delete");
  if (a.Put) return { write: preparePut(ctx, st, a.Put), returnOnFailure: a.Put.ReturnValuesOnConditionCheckFailure };
  if (a.Delete) return { write: prepareDelete(ctx, st, a.Delete), returnOnFailure: a.Delete.ReturnValuesOnConditionCheckFailure };
  if (a.Update) return { write: prepareUpdate(ctx, st, a.Update), returnOnFailure: a.Update.ReturnValuesOnConditionCheckFailure };
  return { write: prepareCheck(ctx, st, a.ConditionCheck!), returnOnFailure: a.ConditionCheck!.ReturnValuesOnConditionCheckFailure };
}

/** "The aggregate size of the items in the transaction cannot exceed 4 MB" (AWS documents no message for it). */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
const TOO_LARGE = "Transaction request cannot be larger than 4 MB: the aggregate size of the items in the transaction exceeds the limit";

export const transactWriteItems = dynamoOperation<TransactWriteItemsInput, TransactWriteItemsOutput>({
  name: "TransactWriteItems",
  handle(input, ctx, st) {
    const c = new Constraints();
    if (c.required(input.TransactItems, "transactItems")) {
      listOf(input.TransactItems, "transactItems");
      const n = input.TransactItems!.length;
      if (n < 1) c.add(input.TransactItems, "transactItems", "Member must have length greater than or equal to 1");
      if (n > 100) c.add("[...]", "transactItems", "Member must have length less than or equal to 100");
    }
    c.oneOf(input.ReturnConsumedCapacity, "returnConsumedCapacity", ["INDEXES", "TOTAL", "NONE"]);
    c.oneOf(input.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", ["SIZE", "NONE"]);
    c.throwIfAny();
    const now = ctx.clock.now();
    let hash: string | undefined;
    if (input.ClientRequestToken !== undefined) {
      const { ClientRequestToken: _token, ...rest } = input;
      hash = createHash("sha256").update(JSON.stringify(rest)).digest("hex");
      const prior = st.sql.getToken.get(ctx.accountId, ctx.region, input.ClientRequestToken);
      if (prior && prior.expires > now) {
        if (prior.hash !== hash) throw idempotentParameterMismatch();
        return JSON.parse(prior.response) as TransactWriteItemsOutput;
      }
    }
    const prepared = input.TransactItems!.map((a) => prepare(ctx, st, a));
    const ids = prepared.map(({ write }) => itemId(write.table.id, write.key));
    if (new Set(ids).size !== ids.length) throw validation("Transaction request cannot include multiple operations on one item");
    const window = st.config.transactionWindowMs;
    if (window === 0) return commit(ctx, st, input, prepared, hash);
    return commitAfterWindow(ctx, st, input, prepared, ids, hash, window);
  },
});

/**
 * The opt-in transaction window: the items are held (other writes to them conflict) for
 * `transactionWindowMs` on the server's clock, then the transaction commits as it would at once.
 */
async function commitAfterWindow(ctx: RequestContext, st: DynamoState, input: TransactWriteItemsInput, prepared: Prepared[], ids: string[], hash: string | undefined, window: number): Promise<TransactWriteItemsOutput> {
  const token = input.ClientRequestToken;
  if (token !== undefined && st.locks.hasToken(token)) throw transactionInProgress();
  st.locks.cancelIfAnyHeld(ids);
  if (token !== undefined) st.locks.holdToken(token);
  st.locks.hold(ids);
  try {
    await ctx.clock.sleepUntil(ctx.clock.now() + window);
    return commit(ctx, st, input, prepared, hash);
  } finally {
    st.locks.release(ids);
    if (token !== undefined) st.locks.releaseToken(token);
  }
}

function commit(ctx: RequestContext, st: DynamoState, input: TransactWriteItemsInput, prepared: Prepared[], hash: string | undefined): TransactWriteItemsOutput {
  const perTable = new Map<string, Consumed | undefined>();
  for (const { write } of prepared) if (!perTable.has(write.table.name)) perTable.set(write.table.name, consumedFor(st, ctx, write.table, "write", input.ReturnConsumedCapacity));
  const changes: (DynamoItemChanged | undefined)[] = ctx.store.txn(() => {
    const olds = prepared.map(({ write }) => readItem(st, write.table, write.key));
    const computed: ({ item?: Item; size: number } | undefined)[] = [];
    const reasons: CancellationReason[] = prepared.map(({ write, returnOnFailure }, i) => {
      const old = olds[i];
      if (write.condition && !evalCondition(write.condition, old?.item ?? {})) {
        const r: CancellationReason = { Code: "ConditionalCheckFailed", Message: "The conditional request failed" };
        if (returnOnFailure === "ALL_OLD" && old) r.Item = old.item;
        return r;
      }
      if (write.kind === "ConditionCheck") return { Code: "None" };
      // Errors found while applying an action (an update on the wrong type) cancel the transaction.
      try {
        computed[i] = write.next(old);
      } catch (err) {
        if (isAwsError(err) && err.code === "ValidationException") return { Code: "ValidationError", Message: err.message };
        throw err;
      }
      return { Code: "None" };
    });
    if (reasons.some((r) => r.Code !== "None")) throw transactionCanceled(reasons);
    let aggregate = 0;
    for (const c of computed) aggregate += c?.size ?? 0;
    if (aggregate > MAX_TRANSACTION_BYTES) throw validation(TOO_LARGE);
    return prepared.map(({ write }, i) => {
      try {
        return applyWrite(ctx, st, write, olds[i], perTable.get(write.table.name), computed[i]).change;
      } catch (err) {
        if (!isAwsError(err) || err.code !== "ItemCollectionSizeLimitExceededException") throw err;
        throw transactionCanceled(prepared.map((_, j) => (j === i ? { Code: "ItemCollectionSizeLimitExceeded", Message: err.message } : { Code: "None" })));
      }
    });
  });
  publishChanges(ctx, changes);
  // Transactions cost twice the units of the same writes outside a transaction.
  for (const cons of perTable.values()) cons?.scale(2);
  const capacity = [...perTable.values()].map((cons) => capacityOut(st, ctx, cons, input.ReturnConsumedCapacity)).filter((x) => x !== undefined);
  let metrics: Record<string, unknown[]> | undefined;
  if (input.ReturnItemCollectionMetrics === "SIZE") {
    metrics = {};
    for (const { write } of prepared) {
      const m = itemCollectionMetrics(st, write.table, write.key, write.keyItem, "SIZE");
      if (m) (metrics[write.table.name] ??= []).push(m);
    }
  }
  const result = output({ ConsumedCapacity: capacity.length ? capacity : undefined, ItemCollectionMetrics: metrics }) as TransactWriteItemsOutput;
  if (input.ClientRequestToken !== undefined) {
    const now = ctx.clock.now();
    // Expired tokens are dropped now and then, so the token table stays about 10 minutes deep.
    if (++tokensWritten % 1000 === 0) st.sql.purgeTokens.run(now);
    st.sql.putToken.run(ctx.accountId, ctx.region, input.ClientRequestToken, hash!, now + TOKEN_TTL_MS, JSON.stringify(result));
  }
  return result;
}
