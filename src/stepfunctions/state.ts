/**
 * The service's state: one Engine per server (tests run several in one process), built by core
 * from ServiceEnv and handed to every hook and operation handler.
 */
import { serviceWithState } from "../core/service.js";
import type { Engine } from "./engine/engine.js";

export const { service: sfnService, operation: sfnOperation } = serviceWithState<Engine>();
