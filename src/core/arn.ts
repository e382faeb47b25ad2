/** ARNs are built and parsed here and nowhere else. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function buildArn(parts: { service: string; region: string; accountId: string; resource: string; partition?: string }): string {
  return `arn:${parts.partition ?? "aws"}:${parts.service}:${parts.region}:${parts.accountId}:${parts.resource}`;
}

export function parseArn(arn: string): Arn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4]!, resource: m[5]! };
}

export const arns = {
  dynamoTable: (region: string, accountId: string, table: string) =>
    buildArn({ service: "dynamodb", region, accountId, resource: `table/${table}` }),
  lambdaFunction: (region: string, accountId: string, name: string, qualifier?: string) =>
    buildArn({ service: "lambda", region, accountId, resource: `function:${name}${qualifier ? `:${qualifier}` : ""}` }),
  sqsQueue: (region: string, accountId: string, name: string) => buildArn({ service: "sqs", region, accountId, resource: name }),
  snsTopic: (region: string, accountId: string, name: string) => buildArn({ service: "sns", region, accountId, resource: name }),
  s3Bucket: (bucket: string) => `arn:aws:s3:::${bucket}`,
  logGroup: (region: string, accountId: string, group: string) =>
    buildArn({ service: "logs", region, accountId, resource: `log-group:${group}` }),
};
