/**
 * A tiny service that speaks each AWS protocol under a real service's name, so the core can be
 * tested with the official SDK clients before (and independently of) the real services.
 * Only for core tests: it stores JSON blobs in one table.
 */
import { AwsError } from "../../src/core/errors.js";
import { defineOperation, defineService, type ServiceManifest } from "../../src/core/service.js";
import type { RequestContext } from "../../src/core/context.js";

interface Row {
  v: string;
}

function put(ctx: RequestContext, ns: string, key: string, value: unknown): void {
  ctx.store
    .stmt("INSERT INTO fake_kv (account, region, ns, k, v) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET v = excluded.v")
    .run(ctx.accountId, ctx.region, ns, key, JSON.stringify(value));
}
function get(ctx: RequestContext, ns: string, key: string): unknown {
  const row = ctx.store.stmt<Row>("SELECT v FROM fake_kv WHERE account = ? AND region = ? AND ns = ? AND k = ?").get(ctx.accountId, ctx.region, ns, key);
  return row ? JSON.parse(row.v) : undefined;
}
function list(ctx: RequestContext, ns: string): string[] {
  return ctx.store
    .stmt<{ k: string }>("SELECT k FROM fake_kv WHERE account = ? AND region = ? AND ns = ? ORDER BY k")
    .all(ctx.accountId, ctx.region, ns)
    .map((r) => r.k);
}

const fakeService = defineService({
  name: "fake",
  migrations: [{ version: 1, sql: "CREATE TABLE fake_kv (account TEXT, region TEXT, ns TEXT, k TEXT, v TEXT, PRIMARY KEY (account, region, ns, k))" }],
  apis: [
    {
      id: "ddb",
      protocol: "awsJson1_0",
      endpointName: "dynamodb",
      errorNamespace: "com.amazonaws.dynamodb.v20120810",
      crc32: true,
      maxBodyBytes: 64 * 1024,
      operations: [
        defineOperation<{ TableName: string; Item: Record<string, { S?: string }> }, Record<string, never>>({
          name: "PutItem",
          handle(input, ctx) {
            if (!input.Item?.id?.S) throw new AwsError("ValidationException", "One or more parameter values were invalid: Missing the key id in the item", { typeName: "com.amazon.coral.validate#ValidationException" });
            put(ctx, input.TableName, input.Item.id.S, input.Item);
            return {};
          },
        }),
        defineOperation<{ TableName: string; Key: { id: { S: string } } }, { Item?: unknown }>({
          name: "GetItem",
          handle(input, ctx) {
            if (input.TableName === "missing") throw new AwsError("ResourceNotFoundException", "Requested resource not found");
            if (input.TableName === "crash") throw new Error("boom: a bug in a handler");
            return { Item: get(ctx, input.TableName, input.Key.id.S) };
          },
        }),
        defineOperation<Record<string, never>, { TableNames: string[] }>({
          name: "ListTables",
          handle(_input, ctx) {
            return { TableNames: [...new Set(list(ctx, "tables"))] };
          },
        }),
        defineOperation<{ TableName: string }, { TableDescription: unknown }>({
          name: "CreateTable",
          handle(input, ctx) {
            put(ctx, "tables", input.TableName, { at: ctx.clock.now() });
            // A timer on the clock: records when it fired (for the virtual clock tests).
            ctx.clock.setTimer(ctx.clock.now() + 60_000, () => put(ctx, "fired", input.TableName, { at: ctx.clock.now() }));
            return { TableDescription: { TableName: input.TableName, TableStatus: "CREATING", CreationDateTime: new Date(ctx.clock.now()) } };
          },
        }),
        defineOperation<{ TableName: string }, { Table: unknown }>({
          name: "DescribeTable",
          handle(input, ctx) {
            const fired = get(ctx, "fired", input.TableName) as { at: number } | undefined;
            if (!get(ctx, "tables", input.TableName)) throw new AwsError("ResourceNotFoundException", `Requested resource not found: Table: ${input.TableName} not found`);
            return { Table: { TableName: input.TableName, TableStatus: fired ? "ACTIVE" : "CREATING", CreationDateTime: fired ? new Date(fired.at) : undefined } };
          },
        }),
      ],
    },
    {
      id: "sns",
      protocol: "awsQuery",
      endpointName: "sns",
      xmlNamespace: "http://sns.amazonaws.com/doc/2010-03-31/",
      operations: [
        defineOperation<{ Name: string; Tags?: { Key: string; Value: string }[]; Attributes?: Record<string, string> }, { TopicArn: string }>({
          name: "CreateTopic",
          handle(input, ctx) {
            if (!input.Name) throw new AwsError("InvalidParameter", "Invalid parameter: Topic Name", { status: 400 });
            const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${input.Name}`;
            put(ctx, "topics", arn, { tags: input.Tags ?? [], attributes: input.Attributes ?? {} });
            return { TopicArn: arn };
          },
        }),
        defineOperation<Record<string, never>, { Topics: { member: { TopicArn: string }[] } }>({
          name: "ListTopics",
          handle(_input, ctx) {
            return { Topics: { member: list(ctx, "topics").map((TopicArn) => ({ TopicArn })) } };
          },
        }),
        defineOperation<{ ResourceArn: string }, { Tags: { member: { Key: string; Value: string }[] } }>({
          name: "ListTagsForResource",
          handle(input, ctx) {
            const topic = get(ctx, "topics", input.ResourceArn) as { tags: { Key: string; Value: string }[] } | undefined;
            if (!topic) throw new AwsError("NotFound", "Topic does not exist", { status: 404 });
            return { Tags: { member: topic.tags } };
          },
        }),
      ],
    },
    {
      id: "lambda",
      protocol: "restJson1",
      endpointName: "lambda",
      operations: [
        defineOperation<{ FunctionName: string; Qualifier?: string }, { Configuration: unknown }>({
          name: "GetFunction",
          http: { method: "GET", path: "/2015-03-31/functions/{FunctionName}", query: { Qualifier: "Qualifier" } },
          handle(input) {
            if (input.FunctionName === "nope") {
              throw new AwsError("ResourceNotFoundException", `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${input.FunctionName}`, { status: 404 });
            }
            return { Configuration: { FunctionName: input.FunctionName, Version: input.Qualifier ?? "$LATEST" } };
          },
        }),
        defineOperation<{ MaxItems?: number; Marker?: string }, { Functions: unknown[]; NextMarker?: string }>({
          name: "ListFunctions",
          http: { method: "GET", path: "/2015-03-31/functions/", query: { MaxItems: "MaxItems:number", Marker: "Marker" } },
          handle(input) {
            return { Functions: [{ FunctionName: `max-${input.MaxItems ?? "none"}-${typeof input.MaxItems}` }], NextMarker: input.Marker ? undefined : "next" };
          },
        }),
      ],
    },
    {
      id: "s3",
      protocol: "restXml",
      endpointName: "s3",
      operations: [
        defineOperation<Record<string, never>, unknown>({
          name: "ListBuckets",
          http: { method: "GET", path: "/", xmlRoot: "ListAllMyBucketsResult" },
          handle(_input, ctx) {
            return { Buckets: { Bucket: list(ctx, "buckets").map((Name) => ({ Name, CreationDate: new Date(0) })) }, Owner: { ID: ctx.accountId } };
          },
        }),
        defineOperation<{ Bucket: string }, unknown>({
          name: "CreateBucket",
          http: { method: "PUT", path: "/{Bucket}", outputHeaders: { Location: "location" } },
          handle(input, ctx) {
            put(ctx, "buckets", input.Bucket, {});
            return { Location: `/${input.Bucket}` };
          },
        }),
        defineOperation<{ Bucket: string; Key: string }, unknown>({
          name: "GetObject",
          http: { method: "GET", path: "/{Bucket}/{Key+}", outputPayload: "Body", outputHeaders: { ContentType: "content-type" } },
          handle(input) {
            if (input.Key === "missing") throw new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404, fields: { Key: input.Key } });
            return { Body: Buffer.from(`key=${input.Key}`), ContentType: "text/plain" };
          },
        }),
      ],
    },
  ],
});

export const fakeManifest: ServiceManifest = {
  name: "fake",
  tablePrefix: "fake_",
  apis: [
    { id: "ddb", protocol: "awsJson1_0", endpointName: "dynamodb", signingNames: ["dynamodb"], targetPrefixes: ["DynamoDB_20120810"] },
    { id: "sns", protocol: "awsQuery", endpointName: "sns", signingNames: ["sns"], queryActions: ["CreateTopic", "ListTopics", "ListTagsForResource"] },
    { id: "lambda", protocol: "restJson1", endpointName: "lambda", signingNames: ["lambda"], pathPrefixes: ["/2015-03-31/"] },
    { id: "s3", protocol: "restXml", endpointName: "s3", signingNames: ["s3"], hosts: [/^(?<bucket>[a-z0-9.-]+)\.s3\.localhost(:\d+)?$/], fallback: true },
  ],
  load: async () => fakeService,
};
