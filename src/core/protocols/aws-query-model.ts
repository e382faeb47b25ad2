/**
 * awsQuery for an API with a model (ApiDef.model) and operations without their own
 * fromQuery/toQuery: parameters read and results written as the model says, inputs checked
 * before the handler.
 */
import { apiModel, checkInput } from "../models/index.js";
import { QueryParams } from "../models/query-shapes.js";
import type { ApiDef, HttpResponse, OperationDef } from "../service.js";

/** True when the model drives this operation's query wire (the API has a model that knows it, and the operation shapes nothing itself). */
export function modelDrivesDecode(api: ApiDef, op: OperationDef<never, never>): boolean {
  return api.model !== undefined && !op.fromQuery && apiModel(api)!.operation(op.name) !== undefined;
}

export function modelDrivesEncode(api: ApiDef, op: OperationDef<never, never>): boolean {
  return api.model !== undefined && !op.toQuery && apiModel(api)!.operation(op.name) !== undefined;
}

export function decodeQueryWithModel(api: ApiDef, op: OperationDef<never, never>, params: URLSearchParams): Record<string, unknown> {
  const model = apiModel(api)!;
  const shape = model.operation(op.name)!.input?.shape;
  const values = new Map<string, string>();
  for (const [k, v] of params) if (!values.has(k)) values.set(k, v);
  const input = shape ? model.queryShapes().read(shape, new QueryParams(values)) : {};
  checkInput(api, op.name, input);
  return input;
}

export function encodeQueryWithModel(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse {
  const model = apiModel(api)!;
  const ref = model.operation(op.name)!.output;
  const ns = api.xmlNamespace ?? model.model.metadata.xmlNamespace;
  const result = ref ? model.queryShapes().write(ref.shape, output ?? {}, "") : "";
  const wrapper = ref?.resultWrapper;
  const body =
    `<?xml version="1.0"?><${op.name}Response${ns ? ` xmlns="${ns}"` : ""}>` +
    (wrapper ? `<${wrapper}>${result}</${wrapper}>` : result) +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op.name}Response>`;
  return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
}
