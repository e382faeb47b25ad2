/**
 * DynamoDB's inputs are checked from AWS's model (models/dynamodb.json.gz) before any handler
 * runs, with coral's wording. Below: where DynamoDB's answers differ from the model as botocore
 * ships it; each entry is covered by test/dynamo/model-validation.spec.ts.
 */
import { dynamoValidation, type ModelBinding } from "../core/models/index.js";

const TABLE_NAME = { min: 3, max: 255, pattern: "[a-zA-Z0-9_.-]+" };

export const dynamoModel: ModelBinding = {
  service: "dynamodb",
  style: dynamoValidation,
  overrides: {
    shapes: {
      // The model widened TableName to TableArn (1..1024, no pattern) when ARNs became accepted;
      // DynamoDB checks that first (`''` → length >= 1), then a name as a table name (an ARN is
      // not checked further here). Map keys (BatchWriteItem's tables) get the table-name texts.
      TableArn: { then: { ...TABLE_NAME, exempt: "^arn:" } },
      // DynamoDB rejects a third key element with the constraint the model lacks.
      KeySchema: { min: 1, max: 2 },
      // Still required by DynamoDB (the model stopped saying so).
      CreateTableInput: { required: ["AttributeDefinitions", "TableName", "KeySchema"] },
      // Enum value sets in the order DynamoDB prints them (its validator's set order, not the model's).
      ReturnValue: { enum: ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"] },
      ConditionalOperator: { enum: ["OR", "AND"] },
      ComparisonOperator: { enum: ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"] },
      Select: { enum: ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"] },
      ScalarAttributeType: { enum: ["B", "N", "S"] },
      ProjectionType: { enum: ["ALL", "INCLUDE", "KEYS_ONLY"] },
    },
    // AttributeValues and items are checked by attribute-value.ts with DynamoDB's own messages
    // (and walking every attribute twice would cost PutItem/GetItem time).
    opaque: ["AttributeValue", "PutItemInputAttributeMap", "Key", "AttributeMap", "ExpressionAttributeValueMap", "AttributeValueList"],
    // BatchWriteItem checks its RequestItems only when its other members passed; BatchGetItem
    // reports both, RequestItems first, printing the map as JSON (captured on DynamoDB, 2026).
    deferred: { BatchWriteItemInput: ["RequestItems"] },
    // The batch operations' length constraints are answered in the validation framework's words
    // (BatchGetItem in nearly every region; BatchWriteItem's empty RequestItems, 2026).
    framework: ["BatchGetItem", "BatchWriteItem"],
    jsonValues: ["BatchGetRequestMap"],
    // The order DynamoDB reports violations in (its validator's, not the model's).
    memberOrder: {
      KeysAndAttributes: ["Keys", "AttributesToGet", "ConsistentRead", "ProjectionExpression", "ExpressionAttributeNames"],
      BatchWriteItemInput: ["ReturnConsumedCapacity", "ReturnItemCollectionMetrics", "RequestItems"],
      TransactWriteItemsInput: ["ClientRequestToken", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics", "TransactItems"],
      // GSIs before LSIs, whatever the request's order (observed on DynamoDB, 2026).
      CreateTableInput: ["AttributeDefinitions", "TableName", "BillingMode", "ProvisionedThroughput", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"],
      ProvisionedThroughput: ["WriteCapacityUnits", "ReadCapacityUnits"],
      LocalSecondaryIndex: ["IndexName", "KeySchema", "Projection"],
      GlobalSecondaryIndex: ["IndexName", "KeySchema", "Projection", "ProvisionedThroughput"],
      DeleteItemInput: ["ReturnConsumedCapacity", "TableName", "ReturnValues", "ReturnItemCollectionMetrics", "Key", "ConditionalOperator", "Expected"],
      ExpectedAttributeValue: ["AttributeValueList", "ComparisonOperator", "Exists", "Value"],
      GetItemInput: ["ReturnConsumedCapacity", "AttributesToGet", "TableName", "Key", "ConsistentRead"],
      ListTablesInput: ["Limit", "ExclusiveStartTableName"],
      PutItemInput: ["ReturnConsumedCapacity", "TableName", "Item", "ConditionalOperator", "Expected", "ReturnValues", "ReturnItemCollectionMetrics"],
      QueryInput: ["Select", "IndexName", "ReturnConsumedCapacity", "QueryFilter", "TableName", "ConditionalOperator", "AttributesToGet", "Limit", "KeyConditions"],
      Condition: ["AttributeValueList", "ComparisonOperator"],
      ScanInput: ["Select", "IndexName", "TotalSegments", "ReturnConsumedCapacity", "TableName", "ConditionalOperator", "ScanFilter", "Segment", "Limit", "AttributesToGet"],
      UpdateItemInput: ["ReturnConsumedCapacity", "TableName", "ReturnItemCollectionMetrics", "ReturnValues", "Key", "ConditionalOperator", "Expected", "AttributeUpdates"],
      AttributeValueUpdate: ["Action", "Value"],
      UpdateTableInput: ["TableName", "ProvisionedThroughput", "BillingMode", "GlobalSecondaryIndexUpdates"],
      GlobalSecondaryIndexUpdate: ["Update", "Create", "Delete"],
      CreateGlobalSecondaryIndexAction: ["Projection", "IndexName", "ProvisionedThroughput", "KeySchema"],
    },
  },
};
