/**
 * Request/response interfaces one service offers another. The owning service implements a port
 * and registers it at load; consumers ask the server's registry for it by name, so no service
 * imports another service's files.
 */
import type { Scope } from "./events.js";

export interface InvokeResult {
  statusCode: number;
  /** The function's response payload (JSON text or bytes). */
  payload: Buffer;
  /** Set when the function failed: "Unhandled" (as X-Amz-Function-Error). */
  functionError?: string;
  executedVersion?: string;
  requestId: string;
  logResult?: string;
}

export interface InvokeOptions {
  type: "RequestResponse" | "Event";
  qualifier?: string;
  /** Who asks (for logs and metrics): "s3", "sns", "sqs", "apigateway", ... */
  source?: string;
}

/** Implemented by the Lambda runtime. */
export interface FunctionInvoker {
  /** `fn` is a function name, partial or full ARN (qualified or not). */
  invoke(scope: Scope, fn: string, payload: Buffer | string, options: InvokeOptions): Promise<InvokeResult>;
  /** Whether the function exists (for configuration validation, e.g. S3 notifications). */
  exists(scope: Scope, fn: string): Promise<boolean>;
  /** The settings CloudFront checks of a Lambda@Edge version; undefined when the function does not exist. */
  settings?(scope: Scope, fn: string): Promise<FunctionSettings | undefined>;
}

/** A function version's settings as GetFunctionConfiguration answers them (what Lambda@Edge restricts). */
export interface FunctionSettings {
  role: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** The deployment package's size in bytes. */
  codeSize: number;
  environmentVariables: number;
  layers: number;
  architectures: string[];
  vpc: boolean;
  deadLetterTarget?: string;
}

export interface OutgoingMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export interface OutgoingMessage {
  body: string;
  attributes?: Record<string, OutgoingMessageAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  subject?: string;
}

/** Implemented by the queue service (SQS and SNS). */
export interface MessageSink {
  /** Sends to an SQS queue given its ARN or URL; returns the message id. */
  sendToQueue(queueArnOrUrl: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  /** Publishes to an SNS topic given its ARN; returns the message id. */
  publishToTopic(topicArn: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  queueExists(queueArn: string): Promise<boolean>;
  topicExists(topicArn: string): Promise<boolean>;
}

export interface LogEventInput {
  timestamp: number;
  message: string;
}

/** Events for one stream, as written together by `LogSink.putBatch`. */
export interface LogBatch {
  scope: Scope;
  logGroupName: string;
  logStreamName: string;
  events: LogEventInput[];
}

/** Implemented by the CloudWatch Logs service. */
export interface LogSink {
  ensureGroup(scope: Scope, logGroupName: string): void;
  put(scope: Scope, logGroupName: string, logStreamName: string, events: LogEventInput[]): void;
  /** Writes several streams' events in one transaction (creating groups and streams as needed). */
  putBatch?(batches: LogBatch[]): void;
}

/** Implemented by S3: lets Lambda read code from S3Bucket/S3Key. */
export interface ObjectReader {
  getObject(scope: Scope, bucket: string, key: string, versionId?: string): Promise<Buffer>;
  /** The latest version's bytes and the metadata S3 answers with it (CloudFront's S3 origins). */
  getObjectWithMetadata?(scope: Scope, bucket: string, key: string): Promise<{ body: Buffer; metadata: StoredObjectMetadata }>;
  /** The latest version's metadata without its bytes (a revalidation by ETag). */
  headObject?(scope: Scope, bucket: string, key: string): Promise<StoredObjectMetadata>;
}

/** What GetObject answers beside the bytes. */
export interface StoredObjectMetadata {
  etag: string;
  /** Epoch milliseconds. */
  lastModified: number;
  size: number;
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  websiteRedirectLocation?: string;
  /** x-amz-meta-* names (without the prefix) and values. */
  userMetadata: Record<string, string>;
}

export interface ConsumedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** System attributes as SQS names them (ApproximateReceiveCount, SentTimestamp, MessageGroupId, ...). */
  attributes: Record<string, string>;
  messageAttributes: Record<string, OutgoingMessageAttribute>;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
}

/**
 * Implemented by the queue service: what the Lambda event-source-mapping poller needs (AWS's
 * Lambda polls SQS itself; here it asks through this port). `queue.MessageSent` on the bus tells
 * pollers there is work.
 */
export interface QueueConsumer {
  receive(queueArn: string, options: { maxMessages: number; visibilityTimeoutSeconds?: number }): Promise<ConsumedMessage[]>;
  deleteMessages(queueArn: string, receiptHandles: string[]): Promise<void>;
  changeVisibility(queueArn: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void>;
  /** undefined when the queue does not exist. */
  describe(queueArn: string): Promise<{ queueUrl: string; visibilityTimeoutSeconds: number; fifo: boolean } | undefined>;
}

/** A JSON Web Key Set (RFC 7517). */
export interface Jwks {
  keys: object[];
}

/**
 * Implemented by Cognito user pools: the signing keys of a local token issuer
 * (`https://cognito-idp.<region>.amazonaws.com/<userPoolId>`), so API Gateway's Cognito and JWT
 * authorizers verify local tokens without network access. undefined when the issuer is not local.
 */
export interface TokenIssuerKeys {
  getJwks(issuer: string): Promise<Jwks | undefined>;
}

/** A stream record as Lambda receives it from DynamoDB Streams (`{"Records": [...]}`). */
export type StreamEventRecord = Record<string, unknown>;

/**
 * Implemented by DynamoDB Streams: what a Lambda event source mapping needs to read a table's
 * stream (on AWS, Lambda polls the stream itself). Positions are opaque strings.
 */
export interface StreamReader {
  /** undefined when the ARN names no stream (never existed, or past its 24 hours of retention). */
  describe(streamArn: string): Promise<{ tableName: string; status: "ENABLED" | "DISABLED"; shardId: string } | undefined>;
  /** The position before the first record to read: the oldest retained record, or after the newest. */
  startPosition(streamArn: string, from: "TRIM_HORIZON" | "LATEST"): Promise<string>;
  /**
   * Up to `limit` records after `position`, in order; `positions[i]` is the position just after
   * `records[i]`, `position` the one after everything read; `ended` once a disabled stream is read to its end.
   */
  read(streamArn: string, position: string, limit: number): Promise<{ records: StreamEventRecord[]; positions: string[]; position: string; ended: boolean }>;
}

/**
 * Implemented by Step Functions: starts an execution for EventBridge and Scheduler targets and API
 * Gateway AWS integrations (`stateMachineArn` may name a version or an alias). Fails with
 * Step Functions' AwsErrors (StateMachineDoesNotExist, InvalidExecutionInput, ExecutionAlreadyExists, ...).
 */
export interface ExecutionStarter {
  startExecution(
    scope: Scope,
    stateMachineArn: string,
    input: string,
    options?: { name?: string; traceHeader?: string },
  ): Promise<{ executionArn: string; startDate: number }>;
}

/** Implemented by S3: lets other services write and list objects (DynamoDB exports and imports). */
export interface ObjectWriter {
  bucketExists(scope: Scope, bucket: string): Promise<boolean>;
  /** Stores `body` as the current version of `key` (NoSuchBucket when the bucket is missing). */
  putObject(scope: Scope, bucket: string, key: string, body: Buffer, contentType?: string): Promise<{ eTag: string }>;
  /** The current objects whose keys start with `prefix`, in key order. */
  listObjects(scope: Scope, bucket: string, prefix: string): Promise<{ key: string; size: number }[]>;
}

export interface KinesisRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  /** Clock time of arrival (ms). */
  arrival: number;
}

/** Implemented by Kinesis Data Streams: what a reader of a stream needs (Firehose's Kinesis source). */
export interface KinesisReader {
  /** The stream's shards (undefined when the stream does not exist). */
  shards(scope: Scope, streamArn: string): Promise<{ shardId: string; open: boolean }[] | undefined>;
  /** The last sequence number of a shard, or its starting one when it has no record: a LATEST position. */
  latest(scope: Scope, streamArn: string, shardId: string): Promise<string>;
  /** Retained records after `afterSequenceNumber`, in order, at most `limit`. */
  read(scope: Scope, streamArn: string, shardId: string, afterSequenceNumber: string, limit: number): Promise<KinesisRecord[]>;
}

/** Who asks to assume a role, as a trust policy's `Principal` names it. */
export interface TrustPrincipal {
  /** `arn:aws:iam::<account>:root`, a user or (assumed-)role ARN. */
  aws?: string;
  /** `cognito-identity.amazonaws.com`, an OIDC provider (`accounts.google.com`) ... */
  federated?: string;
  service?: string;
}

export interface RoleTrustVerdict {
  roleName: string;
  roleId: string;
  /** Seconds. */
  maxSessionDuration: number;
  /** Whether the role's trust policy allows the request. */
  trusted: boolean;
}

/** Implemented by IAM: what STS and identity pools need to know of roles and users. */
export interface RoleTrust {
  /**
   * A role's identity and whether its trust policy lets a principal assume it (`sts:AssumeRole`,
   * `sts:AssumeRoleWithWebIdentity`) with the given condition keys. undefined when the role does not exist.
   */
  checkAssumeRole(roleArn: string, request: { action: string; principal: TrustPrincipal; context: Record<string, string | string[]> }): Promise<RoleTrustVerdict | undefined>;
  /** The IAM user a long-term access key (CreateAccessKey) belongs to. */
  userOfAccessKey(accessKeyId: string): Promise<{ account: string; arn: string; userId: string } | undefined>;
}

/**
 * Credentials local-aws issued, as the signature verifier and the authorizer need them. Secrets
 * never leave core/auth (never logged, never answered).
 */
export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: the session token requests must carry (`X-Amz-Security-Token`). */
  sessionToken?: string;
  account: string;
  /** Who acts: `arn:aws:sts::<account>:assumed-role/<role>/<session>`, `arn:aws:iam::<account>:user/<name>`, `arn:aws:iam::<account>:root`. */
  principalArn: string;
  userId: string;
  /** Clock ms after which the credentials are expired; undefined for long-term keys. */
  expiration?: number;
  /** Whose identity-based policies apply: the role of a role session, the user of a user's key or session; undefined for the root. */
  policyHolderArn?: string;
  /** Session policies (JSON documents) scoping the session down: AssumeRole's Policy, an identity pool guest's AWS scope-down policy. */
  sessionPolicies?: string[];
  /** Context keys the session carries (`cognito-identity.amazonaws.com:sub`, `:aud`, `:amr`, `aws:username`, ...). */
  contextKeys?: Record<string, string | string[]>;
}

/**
 * Implemented by Cognito Identity / STS: the temporary (ASIA) credentials they issued. Synchronous
 * (a cached lookup) so that enforcement stays on the request's fast path. undefined: not issued here.
 */
export interface CredentialResolver {
  resolve(accessKeyId: string): ResolvedCredentials | undefined;
}

/** IAM's verdict on one action of a request. */
export interface PolicyDecision {
  allowed: boolean;
  /** When denied, AWS's reason: `because no identity-based policy allows the dynamodb:GetItem action`, `with an explicit deny in an identity-based policy`, ... */
  reason?: string;
}

/**
 * Implemented by IAM: the long-term access keys it issued (CreateAccessKey), and the evaluation
 * of a principal's identity-based policies ∩ permissions boundary ∩ session policies for one
 * action (compiled policies cached per principal until IAM changes). Synchronous: enforcement
 * stays on the request's fast path.
 */
export interface PrincipalPolicies {
  /** An IAM user's active access key; undefined when IAM did not issue it. */
  accessKey(accessKeyId: string): ResolvedCredentials | undefined;
  /** Moves whenever IAM changes anything: a decision made at one generation holds until it moves. */
  generation(): number;
  authorize(principal: ResolvedCredentials, action: string, resource: string, context: Record<string, string | string[] | undefined>): PolicyDecision;
}

/** Who signed a request, once its signature checked out. */
export interface AuthenticatedCaller {
  accessKeyId: string;
  account: string;
  /** The principal's ARN (`arn:aws:iam::<account>:root` for keys local-aws did not issue, under `on`). */
  principalArn: string;
  userId: string;
  /** Whether the key was issued here (its signature was verified). */
  issued: boolean;
}

/**
 * Implemented by core/auth (provided through Cognito Identity): verifies a request's SigV4 signature
 * (header or presigned query) for data planes that authenticate with IAM — API Gateway AWS_IAM
 * methods, Lambda function URLs with AuthType AWS_IAM. `service` is the signing name expected
 * (`execute-api`, `lambda`). Under `--enforce-iam off` any well-formed signature passes, as before.
 * Throws an AwsError in the given `style`'s shape when the signature does not check out.
 */
export interface RequestAuthenticator {
  authenticate(
    req: { method: string; rawPath: string; rawQuery: string; headers: Record<string, string | undefined> },
    options: { service: string; body?: Buffer; style: "json" | "rest-json" | "query" | "xml" },
  ): Promise<AuthenticatedCaller>;
}

export interface Ports {
  FunctionInvoker: FunctionInvoker;
  MessageSink: MessageSink;
  QueueConsumer: QueueConsumer;
  LogSink: LogSink;
  ObjectReader: ObjectReader;
  ObjectWriter: ObjectWriter;
  KinesisReader: KinesisReader;
  TokenIssuerKeys: TokenIssuerKeys;
  StreamReader: StreamReader;
  ExecutionStarter: ExecutionStarter;
  RoleTrust: RoleTrust;
  CredentialResolver: CredentialResolver;
  PrincipalPolicies: PrincipalPolicies;
  RequestAuthenticator: RequestAuthenticator;
}

export type PortName = keyof Ports;
