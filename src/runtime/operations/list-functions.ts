import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";

interface Input {
  Marker?: string;
  MaxItems?: number;
  FunctionVersion?: string;
  MasterRegion?: string;
}

/** Markers are opaque to clients: base64 of the last name (and version sequence) returned. */
function decodeMarker(marker: string | undefined): { name: string; seq: number } {
  if (!marker) return { name: "", seq: -1 };
  try {
    const parsed = JSON.parse(Buffer.from(marker, "base64url").toString("utf8")) as { n: string; s: number };
    if (typeof parsed.n === "string" && typeof parsed.s === "number") return { name: parsed.n, seq: parsed.s };
  } catch {
    // fall through
  }
  throw lambdaErrors.invalidParameter("Invalid Marker");
}
export function encodeMarker(name: string, seq: number): string {
  return Buffer.from(JSON.stringify({ n: name, s: seq })).toString("base64url");
}

export const listFunctions = lambdaOperation<Input, { Functions: FunctionConfiguration[]; NextMarker?: string }>({
  name: "ListFunctions",
  handle(input, ctx, rt) {
    const max = input.MaxItems ?? 50;
    if (max < 1 || max > 10000) {
      throw validationErrors([`Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value ${max < 1 ? "greater than or equal to 1" : "less than or equal to 10000"}`]);
    }
    if (input.FunctionVersion !== undefined && input.FunctionVersion !== "ALL") {
      throw validationErrors([`Value '${input.FunctionVersion}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`]);
    }
    const pageSize = Math.min(max, 50);
    const marker = decodeMarker(input.Marker);
    const rows =
      input.FunctionVersion === "ALL"
        ? rt.stmts.listAllVersions.all(ctx.accountId, ctx.region, marker.name, marker.name, marker.seq, pageSize + 1)
        : rt.stmts.listLatest.all(ctx.accountId, ctx.region, marker.name, pageSize + 1);
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      Functions: page.map((r) => JSON.parse(r.config) as FunctionConfiguration),
      ...(rows.length > pageSize && last ? { NextMarker: encodeMarker(last.name, input.FunctionVersion === "ALL" ? last.seq : Number.MAX_SAFE_INTEGER) } : {}),
    };
  },
});
