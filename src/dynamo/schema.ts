/** KeySchema, AttributeDefinitions, indexes and throughput of CreateTable/UpdateTable, checked as DynamoDB does. */
import type { ScalarType } from "./attribute-value.js";
import { invalidParameter, validation } from "./errors.js";
import type { IndexMeta, KeyDef, KeySchemaElement, Projection, Throughput } from "./table-meta.js";
import { Constraints, listOf, wrongType } from "./validation.js";

/** Shape checks of one index definition, before its keys are resolved. */
export function checkIndexInput(ix: IndexInput, member: string): void {
  const c = new Constraints();
  c.required(ix.IndexName, `${member}.indexName`);
  if (ix.IndexName !== undefined && typeof ix.IndexName !== "string") throw wrongType(ix.IndexName, "String");
  checkKeySchema(c, ix.KeySchema, `${member}.keySchema`);
  if (c.required(ix.Projection, `${member}.projection`) && (typeof ix.Projection !== "object" || Array.isArray(ix.Projection))) throw wrongType(ix.Projection, "Map");
  c.throwIfAny();
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarType;
}

export interface IndexInput {
  IndexName?: string;
  KeySchema?: KeySchemaElement[];
  Projection?: Projection;
  ProvisionedThroughput?: Throughput;
}

export function checkKeySchema(c: Constraints, schema: unknown, member: string): void {
  if (!c.required(schema, member)) return;
  const s = listOf<KeySchemaElement>(schema, member)!;
  if (s.length < 1) c.add(s, member, "Member must have length greater than or equal to 1");
  if (s.length > 2) c.add(s, member, "Member must have length less than or equal to 2");
  s.forEach((k, i) => {
    c.required(k?.AttributeName, `${member}.${i + 1}.member.attributeName`);
    if (c.required(k?.KeyType, `${member}.${i + 1}.member.keyType`)) c.oneOf(k.KeyType, `${member}.${i + 1}.member.keyType`, ["HASH", "RANGE"]);
  });
}

/** HASH first, RANGE second, every key attribute defined. */
export function keyDefs(schema: KeySchemaElement[], defs: AttributeDefinition[], indexName?: string): { hash: KeyDef; range?: KeyDef } {
  const hashEl = schema[0]!;
  const rangeEl = schema[1];
  if (hashEl.KeyType !== "HASH" || (rangeEl && rangeEl.KeyType !== "RANGE")) {
    throw invalidParameter(
      indexName
        ? `Invalid KeySchema: The first KeySchemaElement is not a HASH key type`
        : hashEl.KeyType !== "HASH"
          ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
          : "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
    );
  }
  if (rangeEl && rangeEl.AttributeName === hashEl.AttributeName) {
    throw invalidParameter("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  const find = (name: string): KeyDef => {
    const d = defs.find((x) => x.AttributeName === name);
    if (!d) {
      throw invalidParameter(
        `Some index key attributes are not defined in AttributeDefinitions. Keys: [${schema.map((k) => k.AttributeName).join(", ")}], AttributeDefinitions: [${defs.map((x) => x.AttributeName).join(", ")}]`,
      );
    }
    return { name, type: d.AttributeType };
  };
  return { hash: find(hashEl.AttributeName), range: rangeEl ? find(rangeEl.AttributeName) : undefined };
}

export function checkProjection(p: Projection | undefined, indexName: string): Projection {
  if (!p || !p.ProjectionType) throw invalidParameter(`Unknown ProjectionType: null`);
  if (p.ProjectionType === "INCLUDE") {
    if (!p.NonKeyAttributes?.length) throw invalidParameter(`ProjectionType is INCLUDE, but NonKeyAttributes is not specified`);
    return { ProjectionType: "INCLUDE", NonKeyAttributes: p.NonKeyAttributes };
  }
  if (p.NonKeyAttributes) throw invalidParameter(`ProjectionType is ${p.ProjectionType}, but NonKeyAttributes is specified`);
  if (p.ProjectionType !== "ALL" && p.ProjectionType !== "KEYS_ONLY") throw validation(`1 validation error detected: Value '${String(p.ProjectionType)}' at 'index ${indexName} projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]`);
  return { ProjectionType: p.ProjectionType };
}

export function checkThroughput(t: Throughput | undefined, billing: string, indexName?: string): Throughput {
  if (billing === "PAY_PER_REQUEST") {
    if (t) throw invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    return { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  }
  if (!t) {
    throw invalidParameter(indexName ? `ProvisionedThroughput should not be null for index: ${indexName}` : "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  const c = new Constraints();
  c.range(t.ReadCapacityUnits, "provisionedThroughput.readCapacityUnits", 1);
  c.range(t.WriteCapacityUnits, "provisionedThroughput.writeCapacityUnits", 1);
  c.throwIfAny();
  return { ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits };
}

export function buildIndex(
  input: IndexInput,
  kind: "GSI" | "LSI",
  id: number,
  defs: AttributeDefinition[],
  billing: string,
  tableHash: KeyDef,
  now: number,
): IndexMeta {
  checkIndexInput(input, `${kind === "GSI" ? "globalSecondaryIndexes" : "localSecondaryIndexes"}.member`);
  const name = input.IndexName!;
  const schema = input.KeySchema!;
  const { hash, range } = keyDefs(schema, defs, name);
  if (kind === "LSI") {
    if (!range) throw invalidParameter(`Index KeySchema does not have a range key for index: ${name}`);
    if (hash.name !== tableHash.name) throw invalidParameter(`Index KeySchema does not have the same leading hash key as table KeySchema for index: ${name}. index hash key: ${hash.name}, table hash key: ${tableHash.name}`);
  }
  return {
    id,
    name,
    kind,
    keySchema: schema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    hash,
    range,
    projection: checkProjection(input.Projection, name),
    throughput: kind === "GSI" ? checkThroughput(input.ProvisionedThroughput, billing, name) : undefined,
    createdAt: now,
    readyAt: now,
  };
}
