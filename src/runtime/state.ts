/**
 * Lambda's state for one server: the `Runtime` (built by core from `ServiceEnv` when the service
 * loads), handed to every operation, hook and the data plane — nothing lives at module level.
 */
import { serviceWithState } from "../core/service.js";
import type { Runtime } from "./runtime.js";

export const { service: lambdaService, operation: lambdaOperation } = serviceWithState<Runtime>();
