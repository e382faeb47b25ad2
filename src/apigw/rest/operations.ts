import { restApiOperations } from "./apis.js";
import { authOperations } from "./auth.js";
import { exportOperations } from "./export.js";
import { importOperations } from "./import.js";
import { keyOperations } from "./keys.js";
import { methodOperations } from "./methods.js";
import { resourceOperations } from "./resources.js";
import { stageCacheOperations } from "./stage-cache.js";
import { stageOperations } from "./stages.js";

/** The REST API (v1) control plane. */
export const restOperations = [...restApiOperations, ...resourceOperations, ...methodOperations, ...stageOperations, ...stageCacheOperations, ...authOperations, ...keyOperations, ...importOperations, ...exportOperations];
