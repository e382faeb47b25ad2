/**
 * Lambda layers: versions of a zip published under a name (numbered from 1, never reused), with
 * a resource policy of `lambda:GetLayerVersion` grants. A function names up to five layer
 * versions; AWS extracts them in order into `/opt`, which here is a directory per combination of
 * layers under the code root (see CodeStore.optDir). A deleted version stays readable to the
 * functions that already use it, as on AWS.
 */
import type { Scope } from "../core/events.js";
import { lambdaErrors } from "./errors.js";
import { lambdaTimestamp } from "./function-config.js";
import type { Runtime } from "./runtime.js";
import type { LayerVersionRow } from "./store.js";
import { MAX_UNZIPPED_BYTES } from "./zip.js";

export const MAX_LAYERS = 5;
const NAME = /^[a-zA-Z0-9-_]{1,140}$/;
const LAYER_NAME_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/;
const VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)$/;

export interface LayerView {
  LayerArn: string;
  LayerVersionArn: string;
  Version: number;
  Description?: string;
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
  Content?: { Location: string; CodeSha256: string; CodeSize: number };
}

export interface LayerStatement {
  Sid: string;
  Effect: "Allow";
  Principal: string;
  Action: string;
  Resource: string;
  Condition?: { StringEquals: Record<string, string> };
}

export function layerArn(scope: Scope, name: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:layer:${name}`;
}

/** A LayerName parameter: a name or a layer ARN (of this region and account, or another's). */
export function parseLayerName(scope: Scope, value: string): { scope: Scope; name: string } {
  if (NAME.test(value)) return { scope, name: value };
  const m = LAYER_NAME_ARN.exec(value);
  if (!m) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${value}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+`,
    );
  }
  return { scope: { region: m[1]!, accountId: m[2]! }, name: m[3]! };
}

export function parseVersionNumber(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw lambdaErrors.resourceNotFound("The resource you requested does not exist.");
  return n;
}

/** A live (not deleted) layer version, or AWS's not-found error. */
export function getLayerVersionRow(rt: Runtime, scope: Scope, name: string, version: number): LayerVersionRow {
  const row = rt.stmts.getLayerVersion.get(scope.accountId, scope.region, name, version);
  if (!row || row.deleted) throw lambdaErrors.resourceNotFound("The resource you requested does not exist.");
  return row;
}

export function layerView(endpoint: string, row: LayerVersionRow, withContent: boolean): LayerView {
  const view = JSON.parse(row.config) as LayerView;
  if (!withContent) {
    const { Content: _content, LayerArn: _arn, ...rest } = view;
    return rest as LayerView;
  }
  return { ...view, Content: { ...view.Content!, Location: `${endpoint}/_local/lambda/layer-code/${row.account}/${row.region}/${row.name}/${row.version}` } };
}

export function newLayerView(scope: Scope, name: string, version: number, now: number, input: LayerInput, code: { sha256: string; size: number }): LayerView {
  const arn = layerArn(scope, name);
  return {
    Content: { Location: "", CodeSha256: code.sha256, CodeSize: code.size },
    LayerArn: arn,
    LayerVersionArn: `${arn}:${version}`,
    ...(input.Description ? { Description: input.Description } : { Description: "" }),
    CreatedDate: lambdaTimestamp(now),
    Version: version,
    ...(input.CompatibleRuntimes?.length ? { CompatibleRuntimes: input.CompatibleRuntimes } : {}),
    ...(input.LicenseInfo ? { LicenseInfo: input.LicenseInfo } : {}),
    ...(input.CompatibleArchitectures?.length ? { CompatibleArchitectures: input.CompatibleArchitectures } : {}),
  };
}

export interface LayerInput {
  Description?: string;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
}

/** Whether `account` may use this layer version (its own, or granted by the layer's policy). */
function mayUse(row: LayerVersionRow, account: string): boolean {
  if (row.account === account) return true;
  const policy = JSON.parse(row.policy) as LayerStatement[];
  return policy.some((s) => s.Action === "lambda:GetLayerVersion" && (s.Principal === "*" || s.Principal === account));
}

/**
 * A function's `Layers` parameter resolved as FunctionConfiguration shows it (`[{Arn, CodeSize}]`),
 * checked as AWS checks it: at most five, each an existing version the account may use, and the
 * function's code and its layers together within the 250 MB unzipped limit.
 */
export function resolveLayers(rt: Runtime, scope: Scope, arns: string[], functionUnzipped: number): { Arn: string; CodeSize: number }[] {
  if (arns.length > MAX_LAYERS) throw lambdaErrors.invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`);
  let total = functionUnzipped;
  const out: { Arn: string; CodeSize: number }[] = [];
  for (const arn of arns) {
    const m = VERSION_ARN.exec(arn);
    if (!m) {
      throw lambdaErrors.validation(
        `1 validation error detected: Value '[${arns.join(", ")}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+, Member must not be null]`,
      );
    }
    const row = rt.stmts.getLayerVersion.get(m[2]!, m[1]!, m[3]!, Number(m[4]));
    if (!row || row.deleted || !mayUse(row, scope.accountId)) throw lambdaErrors.invalidParameter(`Layer version ${arn} does not exist.`);
    if (out.some((l) => l.Arn.slice(0, l.Arn.lastIndexOf(":")) === arn.slice(0, arn.lastIndexOf(":")))) {
      throw lambdaErrors.invalidParameter(`Two different versions of the same layer are not allowed to be referenced in the same function. ${arn} is referenced more than once.`);
    }
    total += row.unzipped;
    out.push({ Arn: arn, CodeSize: (JSON.parse(row.config) as LayerView).Content!.CodeSize });
  }
  if (total > MAX_UNZIPPED_BYTES) {
    throw lambdaErrors.invalidParameter(`Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`);
  }
  return out;
}

/** The code blobs of a function's layers, in order (deleted versions included: the function keeps them). */
export function layerCodeIds(rt: Runtime, layers: { Arn?: string }[] | undefined): string[] {
  const ids: string[] = [];
  for (const l of layers ?? []) {
    const m = VERSION_ARN.exec(l.Arn ?? "");
    const row = m ? rt.stmts.getLayerVersion.get(m[2]!, m[1]!, m[3]!, Number(m[4])) : undefined;
    if (row) ids.push(row.code_id);
  }
  return ids;
}

/** UpdateFunctionCode: the new code and the function's layers (deleted versions too) within 250 MB. */
export function checkCombinedSize(rt: Runtime, layers: { Arn?: string }[] | undefined, functionUnzipped: number): void {
  let total = functionUnzipped;
  for (const l of layers ?? []) {
    const m = VERSION_ARN.exec(l.Arn ?? "");
    const row = m ? rt.stmts.getLayerVersion.get(m[2]!, m[1]!, m[3]!, Number(m[4])) : undefined;
    total += row?.unzipped ?? 0;
  }
  if (total > MAX_UNZIPPED_BYTES) {
    throw lambdaErrors.invalidParameter(`Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`);
  }
}
