/**
 * restXml for an API with a model (ApiDef.model): bindings and XML bodies (element names, list
 * member names, flattening, namespaces, ISO 8601 timestamps) come from AWS's model, the input is
 * checked against it before the handler runs. Operations the model lacks, or that declare their
 * own `http`, keep the generic restXml path.
 */
import { AwsError, commonErrors } from "../errors.js";
import { apiModel, checkInput, prepareRoutes } from "../models/index.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { DEFAULT_MAX_BODY, type Decoded } from "./codec.js";
import { applyOutputBindings, boundInput, matchRoute } from "./http-binding.js";
import { parseXml } from "./xml.js";

function malformedXml(): AwsError {
  return new AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", { status: 400 });
}

/** The decoded request, or undefined when the model does not drive this operation (the caller decodes it as declared). */
export async function decodeXmlWithModel(req: HttpRequest, api: ApiDef, unknownOperation: (message: string) => Error): Promise<Decoded | undefined> {
  prepareRoutes(api);
  const match = matchRoute(api, req.method, req.rawPath, req.query, req.headers);
  if (!match) throw unknownOperation(`${req.method} ${req.rawPath} is not implemented by local-aws.`);
  const model = apiModel(api)!;
  const op = model.operation(match.op.name);
  if (!op || match.op.http !== model.rest(match.op.name).binding) return undefined;
  const { binding, extras } = model.rest(match.op.name);
  const input = boundInput(req, match);
  for (const member of extras.timestamps ?? []) {
    const v = input[member];
    if (typeof v === "string" && !Number.isNaN(new Date(v).getTime())) input[member] = new Date(v);
  }
  const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const tooLarge = (): Error => (api.tooLarge ?? commonErrors.requestTooLarge)(limit);
  const inputShape = op.input ? model.model.shapes[op.input.shape] : undefined;
  if (binding.payload && !extras.payloadStructure) {
    input[binding.payload] = binding.streaming ? req.bodyStream : await req.readBody(limit, tooLarge);
  } else {
    const body = await req.readBody(limit, tooLarge);
    if (body.length > 0) {
      let parsed: { root: string; value: unknown };
      try {
        parsed = parseXml(body.toString("utf8"));
      } catch {
        throw malformedXml();
      }
      if (binding.payload) input[binding.payload] = model.xmlShapes().read(inputShape!.members![binding.payload]!.shape, parsed.value);
      else if (op.input) Object.assign(input, model.xmlShapes().read(op.input.shape, parsed.value));
    }
  }
  checkInput(api, match.op.name, input);
  return { op: match.op, input };
}

/** The encoded output, or undefined when the model does not drive this operation. */
export function encodeXmlWithModel(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse | undefined {
  const model = apiModel(api)!;
  const opModel = model.operation(op.name);
  if (!opModel || op.http !== model.rest(op.name).binding) return undefined;
  const { binding, extras } = model.rest(op.name);
  const response: HttpResponse = { status: binding.status ?? 200, headers: { "x-amzn-requestid": requestId } };
  const rest = applyOutputBindings((output ?? {}) as Record<string, unknown>, binding, response);
  const outShape = opModel.output ? model.model.shapes[opModel.output.shape] : undefined;
  if (outShape && binding.outputPayload && extras.outputPayloadStructure) {
    const ref = outShape.members![binding.outputPayload]!;
    const target = model.model.shapes[ref.shape];
    if (response.body !== undefined) {
      const name = ref.locationName ?? target?.locationName ?? binding.outputPayload;
      response.body = `<?xml version="1.0" encoding="UTF-8"?>\n${model.xmlShapes().write(ref.shape, response.body, name, ref.xmlNamespace?.uri ?? target?.xmlNamespace?.uri)}`;
      response.headers["content-type"] = "text/xml";
    }
  } else if (response.body === undefined && outShape && !binding.outputPayload && Object.keys(rest).length > 0) {
    const name = outShape.locationName ?? `${op.name}Result`;
    response.body = `<?xml version="1.0" encoding="UTF-8"?>\n${model.xmlShapes().write(opModel.output!.shape, rest, name, outShape.xmlNamespace?.uri)}`;
    response.headers["content-type"] = "text/xml";
  }
  return response;
}
