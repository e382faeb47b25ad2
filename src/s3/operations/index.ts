import { putBucketLifecycleConfiguration, getBucketLifecycleConfiguration, deleteBucketLifecycle, putBucketEncryption, getBucketEncryption, deleteBucketEncryption, putPublicAccessBlock, getPublicAccessBlock, deletePublicAccessBlock, putBucketOwnershipControls, getBucketOwnershipControls, deleteBucketOwnershipControls } from "./bucket-stored-settings.js";
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from "./acl.js";
import { preflightBucket, preflightObject } from "./preflight.js";
import { getBucketNotificationConfiguration, putBucketNotificationConfiguration } from "./bucket-notification.js";
import { putBucketCors, getBucketCors, deleteBucketCors } from "./bucket-cors.js";
import { putBucketPolicy, getBucketPolicy, deleteBucketPolicy } from "./bucket-policy.js";
import { putBucketTagging, getBucketTagging, deleteBucketTagging } from "./bucket-tagging.js";
import { putBucketWebsite, getBucketWebsite, deleteBucketWebsite } from "./bucket-website.js";
import { putBucketVersioning, getBucketVersioning } from "./bucket-versioning.js";
import { listObjectVersions } from "./list-object-versions.js";
import { putObjectTagging, getObjectTagging, deleteObjectTagging } from "./object-tagging.js";
import { getObjectLegalHold, getObjectLockConfiguration, getObjectRetention, putObjectLegalHold, putObjectLockConfiguration, putObjectRetention } from "./object-lock.js";
import { getObjectAttributes } from "./get-object-attributes.js";
import { abortMultipartUpload } from "./abort-multipart-upload.js";
import { completeMultipartUpload } from "./complete-multipart-upload.js";
import { createMultipartUpload } from "./create-multipart-upload.js";
import { listMultipartUploads } from "./list-multipart-uploads.js";
import { listParts } from "./list-parts.js";
import { uploadPart } from "./upload-part.js";
import { uploadPartCopy } from "./upload-part-copy.js";
import { copyObject } from "./copy-object.js";
import { createBucket } from "./create-bucket.js";
import { deleteBucket } from "./delete-bucket.js";
import { deleteObject } from "./delete-object.js";
import { deleteObjects } from "./delete-objects.js";
import { getBucketLocation } from "./get-bucket-location.js";
import { getObject } from "./get-object.js";
import { headBucket } from "./head-bucket.js";
import { headObject } from "./head-object.js";
import { listBuckets } from "./list-buckets.js";
import { listObjects } from "./list-objects.js";
import { listObjectsV2 } from "./list-objects-v2.js";
import { postObject } from "./post-object.js";
import { putObject } from "./put-object.js";
import { restoreObject } from "./restore-object.js";

export const operations = [
  listBuckets,
  createBucket,
  headBucket,
  deleteBucket,
  getBucketLocation,
  putObject,
  postObject,
  copyObject,
  getObject,
  headObject,
  deleteObject,
  deleteObjects,
  listObjects,
  listObjectsV2,
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
  putBucketCors, getBucketCors, deleteBucketCors,
  putBucketPolicy, getBucketPolicy, deleteBucketPolicy,
  putBucketTagging, getBucketTagging, deleteBucketTagging,
  putBucketWebsite, getBucketWebsite, deleteBucketWebsite,
  putBucketVersioning, getBucketVersioning,
  listObjectVersions,
  putObjectTagging, getObjectTagging, deleteObjectTagging,
  putObjectLockConfiguration, getObjectLockConfiguration, putObjectRetention, getObjectRetention, putObjectLegalHold, getObjectLegalHold,
  getObjectAttributes,
  restoreObject,
  putBucketNotificationConfiguration,
  getBucketNotificationConfiguration,
  preflightBucket,
  preflightObject,
  putBucketLifecycleConfiguration,
  getBucketLifecycleConfiguration,
  deleteBucketLifecycle,
  putBucketEncryption,
  getBucketEncryption,
  deleteBucketEncryption,
  putPublicAccessBlock,
  getPublicAccessBlock,
  deletePublicAccessBlock,
  putBucketOwnershipControls,
  getBucketOwnershipControls,
  deleteBucketOwnershipControls,
  getBucketAcl,
  putBucketAcl,
  getObjectAcl,
  putObjectAcl,
];
