import type { ServiceManifest } from "./core/service.js";
import { dynamoManifest } from "./dynamo/manifest.js";
import { dynamoStreamsManifest } from "./dynamo/streams/manifest.js";
import { eventsManifest } from "./events/manifest.js";
import { logsManifest } from "./logs/manifest.js";
import { queueManifest } from "./queue/manifest.js";
import { lambdaManifest } from "./runtime/manifest.js";
import { s3Manifest } from "./s3/manifest.js";
import { stepFunctionsManifest } from "./stepfunctions/manifest.js";
import { cognitoManifest } from "./cognito/manifest.js";
import { apigwManifest } from "./apigw/manifest.js";
import { firehoseManifest } from "./firehose/manifest.js";
import { kinesisManifest } from "./kinesis/manifest.js";
import { identityManifest } from "./identity/manifest.js";
import { iamManifest } from "./iam/manifest.js";
import { edgeManifest } from "./edge/manifest.js";

/** Every implemented service, one line each. A service is loaded on first use, or right after start. */
export const builtinServices: ServiceManifest[] = [dynamoManifest, s3Manifest, queueManifest, lambdaManifest, logsManifest, eventsManifest, apigwManifest, cognitoManifest, stepFunctionsManifest, dynamoStreamsManifest, kinesisManifest, firehoseManifest, identityManifest, iamManifest, edgeManifest];
