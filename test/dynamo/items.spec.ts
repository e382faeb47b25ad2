import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { DynamoItemChanged } from "../../src/core/events.js";
import { expectAwsError, rawRequest, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
let table: string;
let ranged: string;
beforeAll(async () => {
  table = await createTable(ctx);
  ranged = await createTable(ctx, { sk: "N" });
});
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);

describe("validation", () => {
  it("rejects a missing Item", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table } as never)), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null",
    });
  });

  it("rejects an item without its key", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { other: { S: "x" } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Missing the key pk in the item",
    });
  });

  it("rejects a key of the wrong type", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { N: "1" } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
    });
  });

  it("rejects an empty string key and allows empty non-key strings", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "" } } })), {
      name: "ValidationException",
      message: "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "empty-ok" }, e: { S: "" }, b: { B: new Uint8Array() } } }));
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "empty-ok" } } }));
    expect(got.Item?.e).toEqual({ S: "" });
  });

  it("rejects a Key that does not match the schema", async () => {
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: ranged, Key: { pk: { S: "a" } } })), {
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "a" }, x: { S: "b" } } })), {
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
  });

  it("rejects empty sets and duplicate set members", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, s: { SS: [] } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: An string set  may not be empty",
    });
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, s: { NS: ["1", "1.0"] } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.",
    });
  });

  it("rejects numbers DynamoDB cannot store", async () => {
    const put = (n: string) => ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "n" }, n: { N: n } } }));
    await expectAwsError(put("1".repeat(39)), { name: "ValidationException", message: "Attempting to store more than 38 significant digits in a Number" });
    await expectAwsError(put("1E126"), { name: "ValidationException", message: "Number overflow. Attempting to store a number with magnitude larger than supported range" });
    await expectAwsError(put("1E-131"), { name: "ValidationException", message: "Number underflow. Attempting to store a number with magnitude smaller than supported range" });
    await expectAwsError(put("abc"), { name: "ValidationException", message: "The parameter cannot be converted to a numeric value: abc" });
  });

  it("rejects an AttributeValue with no type or two types", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, x: {} as never } })), {
      name: "ValidationException",
      message: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    });
  });

  it("rejects items over 400 KB and partition keys over 2048 bytes", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "big" }, v: { S: "x".repeat(400 * 1024) } } })), {
      name: "ValidationException",
      message: "Item size has exceeded the maximum allowed size",
    });
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "k".repeat(2049) } } })), {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    });
  });

  it("allows ReturnValues ALL_OLD or NONE only on PutItem", async () => {
    await expectAwsError(ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" } }, ReturnValues: "ALL_NEW" })), {
      name: "ValidationException",
      message: "ReturnValues can only be ALL_OLD or NONE",
    });
  });
});

describe("errors", () => {
  it("answers SerializationException for a wrongly shaped AttributeValue", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" },
      body: JSON.stringify({ TableName: table, Item: { pk: { S: 5 } } }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toEqual({ __type: "com.amazon.coral.service#SerializationException", Message: "NUMBER_VALUE cannot be converted to String" });
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: "missing-table", Key: { pk: { S: "a" } } })), {
      name: "ResourceNotFoundException",
      status: 400,
      message: "Requested resource not found",
    });
  });

  it("fails a condition with ConditionalCheckFailedException, carrying the item when asked", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "cond" }, v: { N: "1" } } }));
    const err = await expectAwsError<Error & { Item?: unknown }>(
      ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "cond" } }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
      { name: "ConditionalCheckFailedException", status: 400, message: "The conditional request failed" },
    );
    expect(err.Item).toEqual({ pk: { S: "cond" }, v: { N: "1" } });
  });
});

describe("behaviour", () => {
  it("returns {} when the key is absent", async () => {
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "absent" } } }));
    expect(got.Item).toBeUndefined();
  });

  it("returns numbers in canonical form", async () => {
    const item = { pk: { S: "nums" }, a: { N: "00042" }, b: { N: "1.0" }, c: { N: "1.5E2" }, d: { N: "-0" }, e: { N: "0.000120" }, f: { NS: ["1.50", "2"] }, g: { N: "9".repeat(38) } };
    await ddb().send(new PutItemCommand({ TableName: table, Item: item }));
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "nums" } } }));
    expect(got.Item).toEqual({ pk: { S: "nums" }, a: { N: "42" }, b: { N: "1" }, c: { N: "150" }, d: { N: "0" }, e: { N: "0.00012" }, f: { NS: ["1.5", "2"] }, g: { N: "9".repeat(38) } });
  });

  it("round-trips every attribute type through the DocumentClient", async () => {
    const doc = DynamoDBDocumentClient.from(ddb());
    const item = { pk: "doc", s: "x", n: 3, b: true, nul: null, l: [1, "a", { m: 2 }], m: { deep: { er: [true] } }, ss: new Set(["a", "b"]), bin: new Uint8Array([1, 2, 255]) };
    await doc.send(new PutCommand({ TableName: table, Item: item }));
    const got = await doc.send(new GetCommand({ TableName: table, Key: { pk: "doc" }, ConsistentRead: true }));
    expect(got.Item).toEqual(item);
  });

  it("returns the old item with ReturnValues ALL_OLD and deletes with a condition", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "rv" }, v: { S: "one" } } }));
    const put = await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "rv" }, v: { S: "two" } }, ReturnValues: "ALL_OLD" }));
    expect(put.Attributes).toEqual({ pk: { S: "rv" }, v: { S: "one" } });
    await expectAwsError(
      ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "rv" } }, ConditionExpression: "v = :x", ExpressionAttributeValues: { ":x": { S: "one" } } })),
      { name: "ConditionalCheckFailedException" },
    );
    const del = await ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "rv" } }, ReturnValues: "ALL_OLD" }));
    expect(del.Attributes).toEqual({ pk: { S: "rv" }, v: { S: "two" } });
  });

  it("projects GetItem results with ProjectionExpression", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "proj" }, a: { M: { b: { S: "x" }, c: { S: "y" } } }, l: { L: [{ S: "0" }, { S: "1" }, { S: "2" }] }, z: { S: "z" } } }));
    const got = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "proj" } }, ProjectionExpression: "a.c, l[2], #z", ExpressionAttributeNames: { "#z": "z" } }));
    expect(got.Item).toEqual({ a: { M: { c: { S: "y" } } }, l: { L: [{ S: "2" }] }, z: { S: "z" } });
  });

  it("reports consumed capacity: 0.5 RCU for an eventually consistent miss, 1 WCU per KB", async () => {
    const miss = await ddb().send(new GetItemCommand({ TableName: table, Key: { pk: { S: "none" } }, ReturnConsumedCapacity: "TOTAL" }));
    expect(miss.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 0.5 });
    const put = await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "cap" }, v: { S: "x".repeat(1500) } }, ReturnConsumedCapacity: "TOTAL" }));
    expect(put.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 2 });
  });

  it("updates with SET arithmetic, REMOVE, ADD and DELETE", async () => {
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "upd" }, n: { N: "10" }, gone: { S: "x" }, tags: { SS: ["a", "b"] }, lst: { L: [{ N: "1" }] } } }));
    const res = await ddb().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: "upd" } },
        UpdateExpression: "SET n = n + :one, lst = list_append(lst, :more), fresh = if_not_exists(fresh, :zero) REMOVE gone ADD cnt :one, tags :c DELETE tags :a",
        ExpressionAttributeValues: { ":one": { N: "1" }, ":more": { L: [{ N: "2" }] }, ":zero": { N: "0" }, ":c": { SS: ["c"] }, ":a": { SS: ["a"] } },
        ReturnValues: "ALL_NEW",
      }),
    ).catch((e: Error) => e);
    // ADD and DELETE on the same path overlap: DynamoDB rejects the expression.
    expect((res as Error).message).toBe("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [tags], path two: [tags]");
    const ok = await ddb().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: "upd" } },
        UpdateExpression: "SET n = n + :one, lst = list_append(lst, :more), fresh = if_not_exists(fresh, :zero) REMOVE gone ADD cnt :one DELETE tags :a",
        ExpressionAttributeValues: { ":one": { N: "1" }, ":more": { L: [{ N: "2" }] }, ":zero": { N: "0" }, ":a": { SS: ["a"] } },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(ok.Attributes).toEqual({ pk: { S: "upd" }, n: { N: "11" }, tags: { SS: ["b"] }, lst: { L: [{ N: "1" }, { N: "2" }] }, fresh: { N: "0" }, cnt: { N: "1" } });
  });

  it("adds numbers exactly, beyond what a double can hold", async () => {
    const doc = DynamoDBDocumentClient.from(ddb(), { unmarshallOptions: { wrapNumbers: true } });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "exact" }, n: { N: "0.1" }, big: { N: "12345678901234567890123456789012345678" } } }));
    const res = await ddb().send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: "exact" } }, UpdateExpression: "SET n = n + :x, big = big - :one", ExpressionAttributeValues: { ":x": { N: "0.2" }, ":one": { N: "1" } }, ReturnValues: "UPDATED_NEW" }),
    );
    expect(res.Attributes).toEqual({ n: { N: "0.3" }, big: { N: "12345678901234567890123456789012345677" } });
    const got = await doc.send(new GetCommand({ TableName: table, Key: { pk: "exact" } }));
    expect(String((got.Item as { big: { value: string } }).big.value)).toBe("12345678901234567890123456789012345677");
  });

  it("creates the item on UpdateItem of a missing key and returns UPDATED_OLD", async () => {
    const doc = DynamoDBDocumentClient.from(ddb());
    const first = await doc.send(new UpdateCommand({ TableName: ranged, Key: { pk: "u", sk: 1 }, UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": "new" }, ReturnValues: "UPDATED_OLD" }));
    expect(first.Attributes).toBeUndefined();
    const second = await doc.send(new UpdateCommand({ TableName: ranged, Key: { pk: "u", sk: 1 }, UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": "old" }, ReturnValues: "UPDATED_OLD" }));
    expect(second.Attributes).toEqual({ status: "new" });
  });

  it("refuses to update a key attribute", async () => {
    await expectAwsError(
      ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "k" } }, UpdateExpression: "SET pk = :v", ExpressionAttributeValues: { ":v": { S: "x" } } })),
      { name: "ValidationException", message: "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key" },
    );
  });

  it("publishes dynamo.ItemChanged after each committed change, none for writes that change nothing", async () => {
    const events: DynamoItemChanged[] = [];
    const off = ctx.aws.server.bus.subscribe("dynamo.ItemChanged", (e) => {
      if (e.tableName === table) events.push(e);
    });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "ev" }, v: { N: "1" } } }));
    await ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "ev" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "2" } } }));
    await ddb().send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "ev" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "2" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "ev" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "ev" } } }));
    await ctx.aws.settle();
    off();
    expect(events.map((e) => e.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    expect(events[1]).toMatchObject({ keys: { pk: { S: "ev" } }, oldImage: { pk: { S: "ev" }, v: { N: "1" } }, newImage: { pk: { S: "ev" }, v: { N: "2" } } });
    expect(events[0]!.sequenceNumber < events[1]!.sequenceNumber).toBe(true);
  });
});
