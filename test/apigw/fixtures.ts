import { APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from "@aws-sdk/client-api-gateway";
import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { rawRequest, uniqueName, type RawResponse } from "../helpers/index.js";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

/** Creates a Node.js function from one handler file; returns its ARN. */
export async function createFn(lambda: LambdaClient, source: string): Promise<string> {
  const res = await lambda.send(
    new CreateFunctionCommand({ FunctionName: uniqueName("fn"), Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) } }),
  );
  return res.FunctionArn!;
}

export const lambdaUri = (fnArn: string): string => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`;

/** Handler sources. */
export const handlers = {
  echoEvent: `exports.handler = async (event) => ({ statusCode: 200, headers: { "x-echo": "yes" }, body: JSON.stringify(event) });`,
};

/** A REST API with `path` (e.g. `/items/{id}`) → `method` → an AWS_PROXY integration to `fnArn`, deployed to `stage`. */
export async function restApiWithLambda(apigw: APIGatewayClient, fnArn: string, path: string, method = "GET", stage = "test"): Promise<{ apiId: string; resourceId: string }> {
  const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName("api") }));
  const apiId = api.id!;
  const resourceId = await ensurePath(apigw, apiId, api.rootResourceId!, path);
  await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: method, authorizationType: "NONE" }));
  await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: method, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn) }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: stage }));
  return { apiId, resourceId };
}

export async function ensurePath(apigw: APIGatewayClient, apiId: string, rootId: string, path: string): Promise<string> {
  let parentId = rootId;
  const existing = (await apigw.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }))).items ?? [];
  let current = "";
  for (const part of path.split("/").filter(Boolean)) {
    current += `/${part}`;
    const found = existing.find((r) => r.path === current);
    parentId = found ? found.id! : (await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart: part }))).id!;
  }
  return parentId;
}

/** A request to a stage through the path-style invoke URL. */
export function callApi(endpoint: string, apiId: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return rawRequest(endpoint, { ...options, path: `/_aws/execute-api/${apiId}${path}` });
}

export function json(res: RawResponse): Record<string, unknown> {
  return JSON.parse(res.body.toString("utf8")) as Record<string, unknown>;
}
