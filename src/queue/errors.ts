/** SQS and SNS errors, named after AWS's codes. `queryCode` is what the Query protocol reports. */
import { AwsError } from "../core/errors.js";

const sqs = (code: string, message: string, queryCode?: string, status = 400) => new AwsError(code, message, { status, queryCode });

export const sqsErrors = {
  queueDoesNotExist: () => sqs("QueueDoesNotExist", "The specified queue does not exist.", "AWS.SimpleQueueService.NonExistentQueue"),
  queueNameExists: (name: string) => sqs("QueueNameExists", `A queue already exists with the same name and a different value for attribute ${name}`, "QueueAlreadyExists"),
  queueDeletedRecently: () =>
    sqs("QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name.", "AWS.SimpleQueueService.QueueDeletedRecently"),
  invalidParameterValue: (message: string) => sqs("InvalidParameterValue", message),
  invalidValueFor: (param: string, value: unknown, reason: string) =>
    sqs("InvalidParameterValue", `Value ${String(value)} for parameter ${param} is invalid. Reason: ${reason}`),
  missingParameter: (name: string) => sqs("MissingParameter", `The request must contain the parameter ${name}.`),
  invalidAttributeName: (name: string) => sqs("InvalidAttributeName", `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string) => sqs("InvalidAttributeValue", `Invalid value for the parameter ${name}.`),
  receiptHandleIsInvalid: (handle: string) =>
    sqs("ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`, "ReceiptHandleIsInvalid", 404),
  messageNotInflight: () => sqs("MessageNotInflight", "The message referred to isn't in flight.", "AWS.SimpleQueueService.MessageNotInflight"),
  purgeQueueInProgress: (name: string) =>
    sqs("PurgeQueueInProgress", `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
  emptyBatchRequest: (entry: string) =>
    sqs("EmptyBatchRequest", `There should be at least one ${entry} in the request.`, "AWS.SimpleQueueService.EmptyBatchRequest"),
  tooManyEntries: (count: number) =>
    sqs("TooManyEntriesInBatchRequest", `Maximum number of entries per request are 10. You have sent ${count}.`, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
  idsNotDistinct: (id: string) => sqs("BatchEntryIdsNotDistinct", `Id ${id} repeated.`, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
  invalidBatchEntryId: () =>
    sqs(
      "InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
    ),
  batchRequestTooLong: (limit: number, size: number) =>
    sqs("BatchRequestTooLong", `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`, "AWS.SimpleQueueService.BatchRequestTooLong"),
  overLimit: (message: string) => sqs("OverLimit", message, "OverLimit", 403),
  invalidMessageContents: (message: string) => sqs("InvalidMessageContents", message),
  resourceNotFound: (message: string) => sqs("ResourceNotFoundException", message, "ResourceNotFoundException", 404),
  unsupportedOperation: (message: string) => sqs("UnsupportedOperation", message, "AWS.SimpleQueueService.UnsupportedOperation"),
};

export const snsErrors = {
  notFound: (message = "Topic does not exist") => new AwsError("NotFound", message, { status: 404 }),
  invalidParameter: (message: string) => new AwsError("InvalidParameter", message, { status: 400 }),
  invalidParameterValue: (message: string) => new AwsError("InvalidParameterValue", message, { status: 400 }),
  authorizationError: (message: string) => new AwsError("AuthorizationError", message, { status: 403 }),
  tooManyEntries: () => new AwsError("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.", { status: 400 }),
  emptyBatch: () => new AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries.", { status: 400 }),
  idsNotDistinct: () => new AwsError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.", { status: 400 }),
  batchTooLong: () => new AwsError("BatchRequestTooLong", "The length of all the messages put together is more than the limit.", { status: 400 }),
  invalidBatchEntryId: () => new AwsError("InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification.", { status: 400 }),
  resourceNotFound: (message: string) => new AwsError("ResourceNotFound", message, { status: 404 }),
  tagLimitExceeded: () => new AwsError("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded", { status: 400 }),
};
