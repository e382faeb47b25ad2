// One function behind an HTTP API: create, read, update, delete and list items in DynamoDB.
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import process from "node:process";

const ddb = new DynamoDBClient({});
const TableName = process.env.TABLE;

const reply = (statusCode, body) => ({ statusCode, headers: { "content-type": "application/json" }, body: body === undefined ? "" : JSON.stringify(body) });
const toItem = (id, data) => ({ id: { S: id }, name: { S: String(data.name) }, price: { N: String(data.price) } });
const fromItem = (i) => ({ id: i.id.S, name: i.name.S, price: Number(i.price.N) });

export const handler = async (event) => {
  const id = event.pathParameters?.id;
  switch (event.routeKey) {
    case "POST /items": {
      const data = JSON.parse(event.body ?? "{}");
      const newId = randomUUID();
      await ddb.send(new PutItemCommand({ TableName, Item: toItem(newId, data) }));
      return reply(201, { id: newId, ...data });
    }
    case "GET /items":
      return reply(200, ((await ddb.send(new ScanCommand({ TableName }))).Items ?? []).map(fromItem));
    case "GET /items/{id}": {
      const { Item } = await ddb.send(new GetItemCommand({ TableName, Key: { id: { S: id } } }));
      return Item ? reply(200, fromItem(Item)) : reply(404, { message: "not found" });
    }
    case "PUT /items/{id}":
      try {
        await ddb.send(new PutItemCommand({ TableName, Item: toItem(id, JSON.parse(event.body ?? "{}")), ConditionExpression: "attribute_exists(id)" }));
        return reply(200, { id, ...JSON.parse(event.body ?? "{}") });
      } catch (err) {
        if (err.name === "ConditionalCheckFailedException") return reply(404, { message: "not found" });
        throw err;
      }
    case "DELETE /items/{id}":
      await ddb.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } } }));
      return reply(204);
    default:
      return reply(400, { message: `unknown route ${event.routeKey}` });
  }
};
