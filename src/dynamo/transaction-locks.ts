/**
 * Items held by TransactWriteItems calls still in progress. DynamoDB rejects a PutItem, UpdateItem
 * or DeleteItem of such an item with TransactionConflictException, and cancels another
 * TransactWriteItems or a TransactGetItems that includes it (reason TransactionConflict). Here a
 * transaction is in progress only while the opt-in `transactionWindowMs` holds it open; with the
 * default 0 it commits within its request and nothing is ever held.
 */
import { itemId, type EncodedKey } from "./keys.js";
import { transactionCanceled, transactionConflict } from "./errors.js";

const CONFLICT_MESSAGE = "Transaction is ongoing for the item";

export class TransactionLocks {
  private readonly items = new Set<string>();
  private readonly tokens = new Set<string>();

  isHeld(tableId: number, key: EncodedKey): boolean {
    return this.items.size !== 0 && this.items.has(itemId(tableId, key));
  }

  /** For the single-item writes. */
  throwIfHeld(tableId: number, key: EncodedKey): void {
    if (this.isHeld(tableId, key)) throw transactionConflict(CONFLICT_MESSAGE);
  }

  /** Cancels a transactional request (TransactionCanceledException) if any of its items is held, naming them in order. */
  cancelIfAnyHeld(ids: string[]): void {
    if (this.items.size === 0 || !ids.some((id) => this.items.has(id))) return;
    throw transactionCanceled(ids.map((id) => (this.items.has(id) ? { Code: "TransactionConflict", Message: CONFLICT_MESSAGE } : { Code: "None" })));
  }

  hold(ids: string[]): void {
    for (const id of ids) this.items.add(id);
  }

  release(ids: string[]): void {
    for (const id of ids) this.items.delete(id);
  }

  /** A ClientRequestToken whose transaction is still in progress (TransactionInProgressException on a retry). */
  hasToken(token: string): boolean {
    return this.tokens.has(token);
  }

  holdToken(token: string): void {
    this.tokens.add(token);
  }

  releaseToken(token: string): void {
    this.tokens.delete(token);
  }

  clear(): void {
    this.items.clear();
    this.tokens.clear();
  }
}
