import type { OperationDef } from "../../core/service.js";

export const esmOperations: OperationDef<never, never>[] = [];
