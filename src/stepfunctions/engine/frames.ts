/**
 * Branch and iteration progress of a STANDARD execution in SQLite (sfn_frames): each Parallel
 * branch and inline Map iteration saves its resume point, then its result, under its frame path.
 */
import type { SfnStore } from "../store.js";
import type { FrameStore, SavedFrame } from "./run.js";

export function frameStore(store: SfnStore, execution: string): FrameStore {
  return {
    load: (path) => {
      const row = store.frame.get(execution, path);
      return row ? (JSON.parse(row.saved) as SavedFrame) : undefined;
    },
    save: (path, saved) => void store.saveFrame.run(execution, path, JSON.stringify(saved)),
    // Every path under the prefix: [prefix, prefix + U+FFFF).
    drop: (prefix) => void store.dropFrames.run(execution, prefix, `${prefix}\uffff`),
  };
}
