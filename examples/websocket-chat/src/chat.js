// A chat room: connections are kept in DynamoDB, a message goes to every connection.
import process from "node:process";
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";

const ddb = new DynamoDBClient({});
const TABLE = process.env.TABLE;

export const connect = async (event) => {
  const name = event.queryStringParameters?.name ?? "anonymous";
  await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { connectionId: { S: event.requestContext.connectionId }, name: { S: name } } }));
  return { statusCode: 200 };
};

export const disconnect = async (event) => {
  await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: { connectionId: { S: event.requestContext.connectionId } } }));
  return { statusCode: 200 };
};

export const sendMessage = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  // On AWS the management API is at https://<domain>/<stage>; under local-aws, AWS_ENDPOINT_URL
  // points every SDK client at the emulator, which finds the connection by its id.
  const mgmt = new ApiGatewayManagementApiClient(process.env.AWS_ENDPOINT_URL ? {} : { endpoint: `https://${domainName}/${stage}` });
  const { text } = JSON.parse(event.body);
  const members = (await ddb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
  const sender = members.find((m) => m.connectionId.S === connectionId)?.name.S ?? "someone";
  await Promise.all(
    members.map(async (m) => {
      try {
        await mgmt.send(new PostToConnectionCommand({ ConnectionId: m.connectionId.S, Data: JSON.stringify({ from: sender, text }) }));
      } catch (err) {
        if (!(err instanceof GoneException)) throw err;
        await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: { connectionId: m.connectionId } }));
      }
    }),
  );
  return { statusCode: 200 };
};
