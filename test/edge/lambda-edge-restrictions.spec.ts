/**
 * The restrictions AWS puts on Lambda@Edge functions, checked when a distribution is created:
 * no environment variables, timeout ≤ 5 s (viewer events) / 30 s (origin events), memory ≤ 128 MB
 * and package ≤ 1 MB at viewer events, no layers, x86_64 only, no VPC, no dead-letter queue, a role
 * trusted by edgelambda.amazonaws.com. AWS's texts.
 */
import { CloudFrontClient, CreateDistributionCommand, type DistributionConfig, type LambdaFunctionAssociation } from "@aws-sdk/client-cloudfront";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { type CreateFunctionCommandInput, GetFunctionConfigurationCommand, LambdaClient, PublishLayerVersionCommand, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { randomBytes } from "node:crypto";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createFn, zipOf } from "../runtime/fixtures.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const code = "exports.handler = async (event) => event.Records[0].cf.request;";
let n = 0;

async function version(extra: Partial<CreateFunctionCommandInput> = {}): Promise<string> {
  const name = await createFn(lambda(), code, extra);
  return (await lambda().send(new PublishVersionCommand({ FunctionName: name }))).FunctionArn!;
}

function create(arn: string, eventType: LambdaFunctionAssociation["EventType"] = "viewer-request"): Promise<unknown> {
  const config: DistributionConfig = {
    CallerReference: `restrictions-${++n}`,
    Comment: "",
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "edge-restrictions.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
    DefaultCacheBehavior: {
      TargetOriginId: "s3",
      ViewerProtocolPolicy: "allow-all",
      CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
      LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: arn, EventType: eventType }] },
    },
  };
  return cf().send(new CreateDistributionCommand({ DistributionConfig: config }));
}

const refused = (message: string) => ({ name: "InvalidLambdaFunctionAssociation", status: 400, message });

describe("Lambda@Edge restrictions", () => {
  it("refuses environment variables, layers, arm64, a dead-letter queue and a VPC configuration", async () => {
    const withEnv = await version({ Environment: { Variables: { STAGE: "prod" } } });
    await expectAwsError(create(withEnv), refused(`The function cannot have environment variables. Function: ${withEnv}`));

    const layer = await lambda().send(new PublishLayerVersionCommand({ LayerName: "edge-lib", Content: { ZipFile: zipOf({ "nodejs/lib.js": "module.exports = 1;" }) } }));
    const withLayer = await version({ Layers: [layer.LayerVersionArn!] });
    await expectAwsError(create(withLayer, "origin-request"), refused(`The function cannot have a layer. Function: ${withLayer}`));

    const arm = await version({ Architectures: ["arm64"] });
    await expectAwsError(create(arm), refused(`Lambda@Edge does not support functions with an architecture of arm64. Function: ${arm}`));

    const sqs = ctx.client(SQSClient);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "edge-dlq" }))).QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }))).Attributes!.QueueArn!;
    const withDlq = await version({ DeadLetterConfig: { TargetArn: queueArn } });
    await expectAwsError(create(withDlq, "origin-response"), refused(`The function cannot have a dead letter queue configuration. Function: ${withDlq}`));

    const inVpc = await version({ VpcConfig: { SubnetIds: ["subnet-0a1b2c3d"], SecurityGroupIds: ["sg-0a1b2c3d"] } });
    const vpc = (await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: inVpc }))).VpcConfig;
    expect(vpc).toMatchObject({ SubnetIds: ["subnet-0a1b2c3d"], SecurityGroupIds: ["sg-0a1b2c3d"], VpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/) });
    await expectAwsError(create(inVpc), refused(`The function cannot have a VPC configuration. Function: ${inVpc}`));
  });

  it("allows 5 s at viewer events and 30 s at origin events", async () => {
    const ten = await version({ Timeout: 10 });
    await expectAwsError(create(ten, "viewer-response"), refused(`The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: 10 Max allowed: 5 Function: ${ten}`));
    await expect(create(ten, "origin-request")).resolves.toBeDefined();
    const long = await version({ Timeout: 31 });
    await expectAwsError(create(long, "origin-response"), refused(`The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: 31 Max allowed: 30 Function: ${long}`));
    await expect(create(await version({ Timeout: 5 }), "viewer-request")).resolves.toBeDefined();
  });

  it("allows 128 MB at viewer events; origin events take Lambda's own memory sizes", async () => {
    const big = await version({ MemorySize: 1024 });
    await expectAwsError(create(big, "viewer-request"), refused(`The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: 1024 Max allowed: 128 Function: ${big}`));
    await expect(create(big, "origin-response")).resolves.toBeDefined();
  });

  it("allows a 1 MB package at viewer events, 50 MB at origin events", async () => {
    // Random bytes as base64 do not compress below 1 MB.
    const name = await createFn(lambda(), { "index.js": code, "data.txt": randomBytes(1_100_000).toString("base64") });
    const heavy = (await lambda().send(new PublishVersionCommand({ FunctionName: name }))).FunctionArn!;
    const size = (await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: heavy }))).CodeSize!;
    expect(size).toBeGreaterThan(1024 * 1024);
    await expectAwsError(create(heavy, "viewer-response"), refused(`The function code size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${size} Max allowed: 1048576 Function: ${heavy}`));
    await expect(create(heavy, "origin-request")).resolves.toBeDefined();
  });

  it("needs a role whose trust policy lets edgelambda.amazonaws.com assume it (a role IAM does not know passes)", async () => {
    const iam = ctx.client(IAMClient);
    const trust = (...services: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: services }, Action: "sts:AssumeRole" }] });
    const lambdaOnly = (await iam.send(new CreateRoleCommand({ RoleName: "lambda-only", AssumeRolePolicyDocument: trust("lambda.amazonaws.com") }))).Role!.Arn!;
    const both = (await iam.send(new CreateRoleCommand({ RoleName: "lambda-and-edge", AssumeRolePolicyDocument: trust("lambda.amazonaws.com", "edgelambda.amazonaws.com") }))).Role!.Arn!;
    await expectAwsError(
      create(await version({ Role: lambdaOnly })),
      refused(`The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals. Update the IAM role and try again. Role: ${lambdaOnly}`),
    );
    await expect(create(await version({ Role: both }))).resolves.toBeDefined();
    await expect(create(await version())).resolves.toBeDefined();
  });
});
