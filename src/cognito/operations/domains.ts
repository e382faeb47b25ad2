/** CreateUserPoolDomain, DescribeUserPoolDomain, DeleteUserPoolDomain, and resource servers (custom OAuth scopes). */
import { errors } from "../errors.js";
import { loadPool, parse, type Json } from "../model.js";
import { cognitoOperation } from "../state.js";

export const createUserPoolDomain = cognitoOperation<Json, Json>({
  name: "CreateUserPoolDomain",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const domain = input.Domain;
    if (typeof domain !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domain) || domain.includes("aws") || domain.includes("cognito")) {
      throw errors.invalidParameter(`1 validation error detected: Value '${String(domain)}' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$`);
    }
    const cs = state.cs;
    if (cs.domainOfPool.get(pool.Id)) throw errors.invalidParameter(`User pool ${pool.Id} already has a domain configured.`);
    if (cs.domainByName.get(domain)) throw errors.invalidParameter("Domain already associated with another user pool.");
    const data = { ManagedLoginVersion: typeof input.ManagedLoginVersion === "number" ? input.ManagedLoginVersion : 1, CustomDomainConfig: input.CustomDomainConfig };
    cs.insertDomain.run(domain, pool.Id, JSON.stringify(data));
    return { ManagedLoginVersion: data.ManagedLoginVersion };
  },
});

export const describeUserPoolDomain = cognitoOperation<Json, Json>({
  name: "DescribeUserPoolDomain",
  handle(input, ctx, state) {
    const domain = typeof input.Domain === "string" ? input.Domain : "";
    const row = state.cs.domainByName.get(domain);
    if (!row) return { DomainDescription: {} };
    const data = parse<{ ManagedLoginVersion: number }>(row.data);
    return {
      DomainDescription: {
        UserPoolId: row.pool_id,
        AWSAccountId: ctx.accountId,
        Domain: domain,
        S3Bucket: "aws-cognito-prod-local-assets",
        CloudFrontDistribution: `${domain}.auth.localhost`,
        Version: "20250101000000",
        Status: "ACTIVE",
        ManagedLoginVersion: data.ManagedLoginVersion,
      },
    };
  },
});

export const deleteUserPoolDomain = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteUserPoolDomain",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const cs = state.cs;
    const row = typeof input.Domain === "string" ? cs.domainByName.get(input.Domain) : undefined;
    if (!row || row.pool_id !== pool.Id) throw errors.invalidParameter("No such domain or user pool exists.");
    cs.deleteDomain.run(input.Domain as string);
    return {};
  },
});

function checkServer(input: Json): { Identifier: string; Name: string; Scopes: { ScopeName: string; ScopeDescription: string }[] } {
  if (typeof input.Identifier !== "string" || input.Identifier.length === 0 || input.Identifier.length > 256) throw errors.invalidParameter("1 validation error detected: Value null at 'identifier' failed to satisfy constraint: Member must not be null");
  if (typeof input.Name !== "string" || input.Name.length === 0) throw errors.invalidParameter("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  const scopes = Array.isArray(input.Scopes) ? (input.Scopes as { ScopeName?: unknown; ScopeDescription?: unknown }[]) : [];
  for (const s of scopes) {
    if (typeof s.ScopeName !== "string" || !/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/.test(s.ScopeName)) throw errors.invalidParameter(`1 validation error detected: Value '${String(s.ScopeName)}' at 'scopes.member.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+`);
  }
  return { Identifier: input.Identifier, Name: input.Name, Scopes: scopes.map((s) => ({ ScopeName: String(s.ScopeName), ScopeDescription: String(s.ScopeDescription ?? "") })) };
}

export const createResourceServer = cognitoOperation<Json, Json>({
  name: "CreateResourceServer",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const server = { UserPoolId: pool.Id, ...checkServer(input) };
    const cs = state.cs;
    if (cs.resourceServer.get(pool.Id, server.Identifier)) throw errors.invalidParameter(`${server.Identifier} already exists in user pool ${pool.Id}.`);
    cs.putResourceServer.run(pool.Id, server.Identifier, JSON.stringify(server));
    return { ResourceServer: server };
  },
});

export const updateResourceServer = cognitoOperation<Json, Json>({
  name: "UpdateResourceServer",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const server = { UserPoolId: pool.Id, ...checkServer(input) };
    const cs = state.cs;
    if (!cs.resourceServer.get(pool.Id, server.Identifier)) throw errors.resourceNotFound(`Resource server ${server.Identifier} does not exist.`);
    cs.putResourceServer.run(pool.Id, server.Identifier, JSON.stringify(server));
    return { ResourceServer: server };
  },
});

export const describeResourceServer = cognitoOperation<Json, Json>({
  name: "DescribeResourceServer",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const row = state.cs.resourceServer.get(pool.Id, String(input.Identifier ?? ""));
    if (!row) throw errors.resourceNotFound(`Resource server ${String(input.Identifier)} does not exist.`);
    return { ResourceServer: parse<Json>(row.data) };
  },
});

export const listResourceServers = cognitoOperation<Json, Json>({
  name: "ListResourceServers",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    return { ResourceServers: state.cs.resourceServersOf.all(pool.Id).map((r) => parse<Json>(r.data)) };
  },
});

export const deleteResourceServer = cognitoOperation<Json, Record<string, never>>({
  name: "DeleteResourceServer",
  handle(input, ctx, state) {
    const pool = loadPool(state, input.UserPoolId);
    const cs = state.cs;
    const id = String(input.Identifier ?? "");
    if (!cs.resourceServer.get(pool.Id, id)) throw errors.resourceNotFound(`Resource server ${id} does not exist.`);
    cs.deleteResourceServer.run(pool.Id, id);
    return {};
  },
});
