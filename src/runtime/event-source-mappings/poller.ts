import type { Runtime } from "../runtime.js";

/** SQS event source mappings: started with the runtime. */
export function startEventSourceMappings(_rt: Runtime): void {}
