import { AwsError, commonErrors } from "../errors.js";
import { extendedRequestId } from "../ids.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { DEFAULT_MAX_BODY, type Codec, type Decoded } from "./codec.js";
import { applyOutputBindings, boundInput, matchRoute } from "./http-binding.js";
import { decodeXmlWithModel, encodeXmlWithModel } from "./rest-xml-model.js";
import { parseXml, xmlDocument } from "./xml.js";

const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

function malformedXml(): AwsError {
  return new AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", {
    status: 400,
  });
}

/**
 * restXml (S3). Bodies bound to a payload member arrive raw (or as the stream); other bodies are
 * parsed XML put under the member named by the document's root element.
 */
export const restXml: Codec = {
  async decode(req: HttpRequest, api: ApiDef): Promise<Decoded> {
    if (api.model) {
      const decoded = await decodeXmlWithModel(req, api, (message) => this.unknownOperation(message));
      if (decoded) return decoded;
    }
    const match = matchRoute(api, req.method, req.rawPath, req.query, req.headers);
    if (!match) {
      const sub = [...req.query.keys()].join("&");
      throw this.unknownOperation(`${req.method} ${req.rawPath}${sub ? `?${sub}` : ""} is not implemented by local-aws.`);
    }
    const input = boundInput(req, match);
    const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const tooLarge = (): Error => (api.tooLarge ?? commonErrors.requestTooLarge)(limit);
    if (match.binding.payload && match.binding.streaming) {
      input[match.binding.payload] = req.bodyStream;
      return { op: match.op, input };
    }
    const body = await req.readBody(limit, tooLarge);
    if (match.binding.payload && !match.binding.xmlRoot) {
      input[match.binding.payload] = body;
    } else if (body.length > 0) {
      let parsed: { root: string; value: unknown };
      try {
        parsed = parseXml(body.toString("utf8"));
      } catch {
        throw malformedXml();
      }
      input[match.binding.payload ?? parsed.root] = parsed.value;
    }
    return { op: match.op, input };
  },

  encode(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse {
    const modelled = api.model ? encodeXmlWithModel(output, op, api, requestId) : undefined;
    if (modelled) return modelled;
    const binding = op.http!;
    const response: HttpResponse = {
      status: binding.status ?? 200,
      headers: { "x-amz-request-id": requestId, "x-amz-id-2": extendedRequestId() },
    };
    const rest = applyOutputBindings((output ?? {}) as Record<string, unknown>, binding, response);
    if (response.body === undefined && binding.xmlRoot) {
      response.headers["content-type"] = "application/xml";
      response.body = xmlDocument(binding.xmlRoot, { "@xmlns": S3_NS, ...rest });
    }
    return response;
  },

  encodeError(err: AwsError, api: ApiDef | undefined, requestId: string, req: HttpRequest): HttpResponse {
    // CloudFront (an API with an xmlns): `<ErrorResponse xmlns><Error><Type><Code><Message></Error><RequestId>`.
    if (api?.xmlNamespace) {
      const headers: Record<string, string> = { "x-amzn-requestid": requestId, ...err.headers };
      if (req.method === "HEAD") return { status: err.status, headers };
      headers["content-type"] = "text/xml";
      const error = { Type: err.fault === "server" ? "Receiver" : "Sender", Code: err.code, Message: err.message, ...err.fields };
      return { status: err.status, headers, body: xmlDocument("ErrorResponse", { "@xmlns": api.xmlNamespace, Error: error, RequestId: requestId }) };
    }
    const hostId = extendedRequestId();
    const headers: Record<string, string> = { "x-amz-request-id": requestId, "x-amz-id-2": hostId, ...err.headers };
    if (req.method === "HEAD") return { status: err.status, headers };
    headers["content-type"] = "application/xml";
    const body = xmlDocument("Error", { Code: err.code, Message: err.message, ...err.fields, RequestId: requestId, HostId: hostId });
    return { status: err.status, headers, body };
  },

  unknownOperation(description: string): AwsError {
    return new AwsError("NotImplemented", `A header or query you provided implies functionality that is not implemented: ${description}`, {
      status: 501,
    });
  },
};
