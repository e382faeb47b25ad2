/**
 * AddPermission / RemovePermission: statements in the queue's Policy attribute, as AWS writes them
 * (Sid = the label, one principal or a list, one action or a list, `SQS:` prefixed). Stored, not
 * enforced (see index.ts).
 */
import { sqsErrors } from "../errors.js";
import type { Queue } from "./model.js";

/** The actions AddPermission may share ("*" or an action other accounts can be granted). */
const SHAREABLE = new Set([
  "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl",
  "ListDeadLetterSourceQueues", "PurgeQueue", "ListQueueTags", "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask",
]);
const MAX_ACTIONS = 7;
const LABEL = /^[A-Za-z0-9_-]{1,80}$/;

interface Statement {
  Sid?: string;
  [key: string]: unknown;
}

interface Policy {
  Version: string;
  Id?: string;
  Statement: Statement[];
  [key: string]: unknown;
}

function currentPolicy(queue: Queue): Policy {
  const text = queue.attrs.Policy;
  if (text) {
    try {
      const parsed = JSON.parse(text) as Policy;
      if (parsed && typeof parsed === "object") {
        const statements = parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
        return { ...parsed, Statement: statements };
      }
    } catch {
      // A policy that is not JSON cannot have been stored (SetQueueAttributes checks it); start afresh.
    }
  }
  return { Version: "2012-10-17", Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
}

function checkLabel(label: unknown): string {
  if (label === undefined || label === null || label === "") throw sqsErrors.missingParameter("Label");
  const text = String(label);
  if (!LABEL.test(text)) throw sqsErrors.invalidValueFor("Label", text, "Label must be at most 80 alphanumeric characters, hyphens or underscores.");
  return text;
}

/** The queue's Policy with one more statement, or the error AddPermission answers. */
export function withPermission(queue: Queue, label: unknown, accounts: unknown, actions: unknown): string {
  const sid = checkLabel(label);
  if (!Array.isArray(accounts) || accounts.length === 0) throw sqsErrors.missingParameter("AWSAccountIds");
  if (!Array.isArray(actions) || actions.length === 0) throw sqsErrors.missingParameter("Actions");
  if (actions.length > MAX_ACTIONS) throw sqsErrors.overLimit(`${actions.length} Actions were found, maximum allowed is ${MAX_ACTIONS}.`);
  for (const action of actions) {
    if (!SHAREABLE.has(String(action))) throw sqsErrors.invalidValueFor("ActionName", `SQS:${String(action)}`, "Please refer to the appropriate WSDL for a list of valid actions.");
  }
  for (const account of accounts) {
    if (!/^\d{12}$/.test(String(account))) throw sqsErrors.invalidParameterValue(`Value [${String(account)}] for parameter PrincipalId is invalid. Reason: Unable to verify.`);
  }
  const policy = currentPolicy(queue);
  if (policy.Statement.some((s) => s.Sid === sid)) throw sqsErrors.invalidValueFor("Label", sid, "Already exists.");
  const principals = accounts.map((a) => `arn:aws:iam::${String(a)}:root`);
  const granted = actions.map((a) => `SQS:${String(a)}`);
  policy.Statement.push({
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: granted.length === 1 ? granted[0] : granted,
    Resource: queue.arn,
  });
  return JSON.stringify(policy);
}

/** The queue's Policy without the labelled statement ("" when none is left), or AWS's error. */
export function withoutPermission(queue: Queue, label: unknown): string {
  const sid = checkLabel(label);
  const policy = currentPolicy(queue);
  const kept = policy.Statement.filter((s) => s.Sid !== sid);
  if (kept.length === policy.Statement.length) throw sqsErrors.invalidValueFor("Label", sid, "can't find label on existing policy.");
  return kept.length === 0 ? "" : JSON.stringify({ ...policy, Statement: kept });
}
