import { setFlagsFromString } from "node:v8";

const FLAG = "--heap-growing-percent";

/**
 * How far V8 lets the old generation grow past what survived the last full GC before starting the
 * next one, for the standalone server (`local-aws start`), which is alone in its process.
 *
 * V8 picks a factor between 1.1 and 4 from recent GC speed; at the low end the limit leaves less
 * headroom than a grown young generation (32 MB under load), and then every scavenge schedules a
 * full mark-compact. Request bodies make that happen often: each 64 KiB socket read is a new
 * off-heap buffer, and 32 MB of them forces a scavenge. Measured with 1 MiB PutObjects at 8 in
 * flight: 50-120 mark-compacts per 600 requests (~0.7 ms of CPU per request, most of it on V8's
 * helper threads) with V8's choice, 3-4 with a fixed factor of 4 (V8's own upper bound, reached by
 * any quiet heap), so 1 MiB PUTs cost 2.7-3.1 instead of 3.3-3.9 ms of CPU. The heap stays small
 * (the server keeps its data in SQLite and files), so the larger headroom costs tens of MB at most.
 *
 * The flag is read each time V8 computes a limit, so setting it at start-up takes effect. Only the
 * CLI sets it: a test suite that runs the server in its own process keeps its own GC settings.
 */
export const SERVER_HEAP_GROWING_PERCENT = 300;

/** Sets the factor unless the user chose one (`node --heap-growing-percent=N`; NODE_OPTIONS may not carry it). */
export function tuneHeapForServer(execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = execArgv.some((arg) => arg.replaceAll("_", "-").startsWith(FLAG));
  if (chosen) return false;
  setFlagsFromString(`${FLAG}=${SERVER_HEAP_GROWING_PERCENT}`);
  return true;
}
