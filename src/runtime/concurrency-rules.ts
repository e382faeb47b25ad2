/** Reserved concurrency rules (AWS keeps at least 100 of the account's concurrency unreserved). */


/** AWS keeps at least 100 of the account's concurrency unreserved. */
export const MIN_UNRESERVED = 100;
