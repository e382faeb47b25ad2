/** The token checks shared by SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat. */
import { TOKEN_PATTERN } from "../engine/tokens.js";
import { constraint, sfnErrors } from "../errors.js";
import type { Engine } from "../engine/engine.js";

export function openTask(engine: Engine, token: unknown): { engine: Engine; token: string } {
  if (typeof token !== "string") throw sfnErrors.missingParameter("taskToken");
  if (token.length > 2048) throw constraint("taskToken", token, "Member must have length less than or equal to 2048");
  if (!TOKEN_PATTERN.test(token)) throw sfnErrors.invalidToken("Invalid token");
  if (!engine.tokens.task(token)) throw sfnErrors.taskGone();
  return { engine, token };
}
