import { AwsError } from "../../core/errors.js";
import { getConfig, requireBucket } from "../buckets.js";
import { corsHeaders, matchCors, type CorsRule } from "../cors.js";
import { s3Operation } from "../wire.js";

interface Input {
  /** The path after `/`: the bucket, then the key if any (one route answers both). */
  Target: string;
  Origin?: string;
  RequestMethod?: string;
  RequestHeaders?: string;
}

function forbidden(message: string): AwsError {
  return new AwsError("AccessForbidden", message, { status: 403 });
}

/** A browser's CORS preflight (`OPTIONS`) of a bucket or an object: not in AWS's model. */
export const preflightRequest = s3Operation<Input, Record<string, never>>({
  name: "PreflightRequest",
  http: {
    method: "OPTIONS",
    path: "/{Target+}",
    headers: { origin: "Origin", "access-control-request-method": "RequestMethod", "access-control-request-headers": "RequestHeaders" },
  },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Target.split("/", 1)[0]!);
    if (!input.Origin || !input.RequestMethod) {
      throw new AwsError("BadRequest", "Insufficient information. Origin request header needed.", { status: 400 });
    }
    const rules = getConfig<CorsRule[]>(ctx, bucket.name, "cors");
    if (!rules) throw forbidden("CORSResponse: CORS is not enabled for this bucket.");
    const headers = (input.RequestHeaders ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
    const rule = matchCors(rules, input.Origin, input.RequestMethod, headers);
    if (!rule) {
      // AWS's message, typos included.
      throw forbidden(
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headerss are not whitelisted by the resource's CORS spec.",
      );
    }
    Object.assign(ctx.responseHeaders, corsHeaders(rule, input.Origin, { method: input.RequestMethod, headers }));
    return {};
  },
});
