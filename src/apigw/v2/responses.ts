/** Route responses and integration responses (two-way WebSocket routes). */
import { docs, newId, op, pageV2, pageQueryV2, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import type { Kind } from "../store.js";
import { apiOf } from "./model.js";

interface Family {
  noun: string;
  parentLabel: "routeId" | "integrationId";
  parentKind: Kind;
  parentPath: string;
  kind: Kind;
  idField: string;
  keyField: string;
  fields: string[];
}

function family(f: Family): ReturnType<typeof op>[] {
  const base = `/v2/apis/{apiId}/${f.parentPath}/{${f.parentLabel}}/${f.noun.toLowerCase()}s`;
  const item = `${base}/{${f.idField}}`;
  const parentOf = (input: Input, ctx: Parameters<Parameters<typeof op>[3]>[1]): string => {
    const api = apiOf(ctx, input.apiId);
    if (!docs(ctx).get(ctx, f.parentKind, api.apiId, String(input[f.parentLabel]))) throw errors.notFound(`Invalid ${f.parentLabel === "routeId" ? "Route" : "Integration"} identifier specified ${String(input[f.parentLabel])}`);
    return api.apiId;
  };
  const find = (input: Input, ctx: Parameters<Parameters<typeof op>[3]>[1]): { apiId: string; doc: Record<string, unknown> } => {
    const apiId = parentOf(input, ctx);
    const doc = docs(ctx).get<Record<string, unknown>>(ctx, f.kind, apiId, String(input[f.idField]));
    if (!doc || doc[f.parentLabel] !== input[f.parentLabel]) throw errors.notFound(`Invalid ${f.noun} identifier specified ${String(input[f.idField])}`);
    return { apiId, doc };
  };
  const pick = (input: Input, into: Record<string, unknown>): void => {
    for (const k of f.fields) if (input[k] !== undefined) into[k] = input[k];
  };
  return [
    op(`Create${f.noun}`, "POST", base, (input, ctx) => {
      const apiId = parentOf(input, ctx);
      if (!str(input, f.keyField)) throw errors.badRequest(`${f.keyField} is required`);
      const doc: Record<string, unknown> = { [f.idField]: newId(6) };
      pick(input, doc);
      docs(ctx).put(ctx, f.kind, apiId, String(doc[f.idField]), { ...doc, [f.parentLabel]: input[f.parentLabel] });
      return doc;
    }),
    op(`Get${f.noun}s`, "GET", base, (input, ctx) => {
      const apiId = parentOf(input, ctx);
      const all = docs(ctx).list<Record<string, unknown>>(ctx, f.kind, apiId).filter((d) => d[f.parentLabel] === input[f.parentLabel]);
      return pageV2(all.map((d) => ({ ...d, [f.parentLabel]: undefined })), input);
    }, { query: pageQueryV2 }),
    op(`Get${f.noun}`, "GET", item, (input, ctx) => ({ ...find(input, ctx).doc, [f.parentLabel]: undefined })),
    op(`Update${f.noun}`, "PATCH", item, (input, ctx) => {
      const { apiId, doc } = find(input, ctx);
      pick(input, doc);
      docs(ctx).put(ctx, f.kind, apiId, String(doc[f.idField]), doc);
      return { ...doc, [f.parentLabel]: undefined };
    }),
    op(`Delete${f.noun}`, "DELETE", item, (input, ctx) => {
      const { apiId, doc } = find(input, ctx);
      docs(ctx).delete(ctx, f.kind, apiId, String(doc[f.idField]));
    }, { status: 204 }),
  ];
}

export const responseOperations = [
  ...family({ noun: "RouteResponse", parentLabel: "routeId", parentKind: "route", parentPath: "routes", kind: "routeresponse", idField: "routeResponseId", keyField: "routeResponseKey", fields: ["routeResponseKey", "modelSelectionExpression", "responseModels", "responseParameters"] }),
  ...family({ noun: "IntegrationResponse", parentLabel: "integrationId", parentKind: "integration", parentPath: "integrations", kind: "integrationresponse", idField: "integrationResponseId", keyField: "integrationResponseKey", fields: ["integrationResponseKey", "templateSelectionExpression", "responseTemplates", "responseParameters", "contentHandlingStrategy"] }),
];
