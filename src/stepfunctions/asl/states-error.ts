/** A failure inside an execution, named as the States Language names errors. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = "StatesError";
  }
}

export const statesErrors = {
  runtime: (cause: string) => new StatesError("States.Runtime", cause),
  timeout: (cause = "") => new StatesError("States.Timeout", cause),
  heartbeatTimeout: () => new StatesError("States.HeartbeatTimeout", ""),
  taskFailed: (cause: string) => new StatesError("States.TaskFailed", cause),
  intrinsicFailure: (cause: string) => new StatesError("States.IntrinsicFailure", cause),
  queryEvaluation: (cause: string) => new StatesError("States.QueryEvaluationError", cause),
  noChoiceMatched: (cause: string) => new StatesError("States.NoChoiceMatched", cause),
  resultPathMatchFailure: (cause: string) => new StatesError("States.ResultPathMatchFailure", cause),
  parameterPathFailure: (cause: string) => new StatesError("States.ParameterPathFailure", cause),
  dataLimitExceeded: (cause: string) => new StatesError("States.DataLimitExceeded", cause),
  branchFailed: (cause: string) => new StatesError("States.BranchFailed", cause),
  toleratedFailure: (cause: string) => new StatesError("States.ExceedToleratedFailureThreshold", cause),
};

export function asStatesError(err: unknown): StatesError {
  if (err instanceof StatesError) return err;
  return statesErrors.runtime(err instanceof Error ? err.message : String(err));
}
