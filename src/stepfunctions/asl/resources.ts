/** Task `Resource` strings: which integration, and which pattern (request-response, .sync, callback). */

export type IntegrationPattern = "request" | "sync" | "sync2" | "callback";

export type TaskResource =
  | { kind: "service"; service: string; action: string; pattern: IntegrationPattern; arn: string }
  | { kind: "lambda"; functionArn: string; arn: string }
  | { kind: "activity"; activityArn: string; arn: string };

const SERVICE = /^arn:aws[a-z-]*:states:[a-z0-9-]*:(\d{12})?:([a-z0-9-]+):([A-Za-z0-9:]+?)(\.sync:2|\.sync|\.waitForTaskToken)?$/;
const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9.]+?)(\.waitForTaskToken)?$/;
const LAMBDA = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[A-Za-z0-9_-]+$/;

export function parseResource(arn: string): TaskResource | undefined {
  if (LAMBDA.test(arn)) return { kind: "lambda", functionArn: arn, arn };
  if (ACTIVITY.test(arn)) return { kind: "activity", activityArn: arn, arn };
  const sdk = AWS_SDK.exec(arn);
  if (sdk) return { kind: "service", service: `aws-sdk:${sdk[1]}`, action: sdk[2]!, pattern: sdk[3] ? "callback" : "request", arn };
  const match = SERVICE.exec(arn);
  if (!match || match[2] === "activity") return undefined;
  const suffix = match[4];
  const pattern: IntegrationPattern = suffix === ".sync" ? "sync" : suffix === ".sync:2" ? "sync2" : suffix === ".waitForTaskToken" ? "callback" : "request";
  return { kind: "service", service: match[2]!, action: match[3]!, pattern, arn };
}

export function isResourceSupported(arn: string): boolean {
  return parseResource(arn) !== undefined || /^\{%[\s\S]*%\}$/.test(arn);
}
