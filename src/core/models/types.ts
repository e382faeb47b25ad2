/**
 * AWS service models as vendored in models/<service>.json.gz (botocore's format, trimmed by
 * scripts/models.py), and how an API opts in to them.
 */
import type { AwsError } from "../errors.js";

export type ShapeType =
  | "structure"
  | "list"
  | "map"
  | "string"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "boolean"
  | "blob"
  | "timestamp";

/** A reference to a shape from a structure member, a list member or a map key/value. */
export interface MemberModel {
  shape: string;
  location?: "uri" | "querystring" | "header" | "headers" | "statusCode";
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  xmlNamespace?: { uri: string; prefix?: string };
  xmlAttribute?: boolean;
  timestampFormat?: "iso8601" | "rfc822" | "unixTimestamp";
  idempotencyToken?: boolean;
  jsonvalue?: boolean;
  hostLabel?: boolean;
  streaming?: boolean;
}

export interface ShapeModel {
  type: ShapeType;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  members?: Record<string, MemberModel>;
  member?: MemberModel;
  key?: MemberModel;
  value?: MemberModel;
  flattened?: boolean;
  locationName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  timestampFormat?: "iso8601" | "rfc822" | "unixTimestamp";
  payload?: string;
  streaming?: boolean;
  requiresLength?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  union?: boolean;
  document?: boolean;
  event?: boolean;
  eventstream?: boolean;
  wrapper?: boolean;
  sensitive?: boolean;
  /**
   * Not in AWS's models, only in overrides: values matching this regular expression are exempt
   * from the shape's constraints (DynamoDB: a table ARN where a table name is checked).
   */
  exempt?: string;
  /**
   * Not in AWS's models, only in overrides: string constraints checked after the model's, only when
   * those passed (DynamoDB checks a TableName against TableArn's 1..1024 first, then as a table name).
   */
  then?: Partial<ShapeModel>;
}

export interface OperationModel {
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string; locationName?: string; xmlNamespace?: { uri: string } };
  output?: { shape: string; locationName?: string; resultWrapper?: string };
  errors?: string[];
  httpChecksumRequired?: boolean;
}

export interface ServiceModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    protocols?: string[];
    jsonVersion?: string;
    targetPrefix?: string;
    signingName?: string;
    endpointPrefix: string;
    serviceId?: string;
    xmlNamespace?: string;
    awsQueryCompatible?: Record<string, unknown>;
    timestampFormat?: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, ShapeModel>;
}

/**
 * How a service reports what the model's checks find. AWS's services differ: DynamoDB, Lambda,
 * Logs, Kinesis... answer coral's `N validation error(s) detected: ...` under their own code;
 * S3, SQS, SNS and API Gateway use codes and texts of their own.
 */
export interface ValidationStyle {
  /** The error for the constraint violations found (each `Value ... at '...' failed to satisfy constraint: ...`). */
  constraints(violations: string[]): AwsError;
  /** The error for a value of the wrong JSON type (JSON protocols). */
  wrongType(message: string): AwsError;
  /**
   * Structures inside `Value '...'` printed as Java objects with their fields, every member in
   * model order, absent ones `null`: `WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=x, n=null, ...)}), deleteRequest=null)`
   * (DynamoDB). Default: `{Member=value}`.
   */
  javaObjects?: boolean;
  /** Violations reported at most (AWS's coral stops at 10). */
  maxViolations?: number;
}

/** Corrections of the model where AWS's answers differ from it. Each entry wants a comment and a test. */
export interface ModelOverrides {
  /** Merged over the model's shapes (or added): constraints AWS enforces that the model lacks, enum order. */
  shapes?: Record<string, Partial<ShapeModel>>;
  /** Members in the order AWS checks them, by structure shape (`PutItemInput`), where it is not the model's order (unlisted members follow). */
  memberOrder?: Record<string, string[]>;
  /** Shapes the service checks itself: only their JSON type is checked (e.g. DynamoDB's AttributeValue). */
  opaque?: string[];
  /**
   * Members checked in a later pass, by structure shape: skipped when an earlier member already
   * failed (DynamoDB's BatchWriteItem reports a bad ReturnConsumedCapacity alone, not with its RequestItems).
   */
  deferred?: Record<string, string[]>;
  /**
   * Operations whose length constraints AWS already answers in its newer validation framework's
   * form (`Value at 'RequestItems.t.member.Keys' failed to satisfy constraint: Member must have
   * length ...`: no value, member names as sent).
   */
  framework?: string[];
  /** Shapes whose values AWS prints as JSON inside `Value '...'` (DynamoDB's BatchGetItem RequestItems). */
  jsonValues?: string[];
}

/** `ApiDef.model`: the API's operations are checked (and, for REST protocols, bound) from this model. */
export interface ModelBinding {
  /** models/<service>.json.gz, e.g. `dynamodb`, `apigateway`, `cognito-idp`. */
  service: string;
  /** Default: coral's ValidationException and SerializationException (DynamoDB's wording). */
  style?: ValidationStyle;
  overrides?: ModelOverrides;
  /** Check inputs against the model's constraints (default true). Types and bindings still come from the model when false. */
  validate?: boolean;
}
