/** Resource policy statements (AddPermission, RemovePermission, GetPolicy). */


export interface Statement {
  Sid: string;
  Effect: "Allow";
  Principal: unknown;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface AddInput {
  FunctionName: string;
  StatementId?: string;
  Action?: string;
  Principal?: string;
  SourceArn?: string;
  SourceAccount?: string;
  EventSourceToken?: string;
  Qualifier?: string;
  RevisionId?: string;
  PrincipalOrgID?: string;
  FunctionUrlAuthType?: string;
  InvokedViaFunctionUrl?: boolean;
}

export const POLICY_LIMIT = 20_480;

export function principalOf(p: string): unknown {
  if (p === "*") return "*";
  if (/^\d{12}$/.test(p)) return { AWS: `arn:aws:iam::${p}:root` };
  if (p.startsWith("arn:")) return { AWS: p };
  return { Service: p };
}
