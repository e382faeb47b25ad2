/**
 * The session policy Cognito Identity attaches to enhanced-flow guest (unauthenticated)
 * credentials (AWS managed policy AmazonCognitoUnAuthedIdentitiesSessionPolicy, v3): a guest's
 * permissions are its role's intersected with these, so guests never reach DynamoDB, S3, SQS or
 * Lambda whatever the role allows.
 */
export const GUEST_SESSION_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "CognitoUnAuthedIdentitiesSessionPolicy",
      Effect: "Allow",
      Action: [
        "rum:PutRumEvents",
        "sagemaker:InvokeEndpoint",
        "polly:*",
        "comprehend:*",
        "translate:*",
        "transcribe:*",
        "rekognition:*",
        "mobiletargeting:*",
        "firehose:*",
        "personalize:*",
        "geo:GetMap*",
        "geo:SearchPlaceIndex*",
        "geo:GetPlace",
        "geo:CalculateRoute*",
        "geo:*Geofence",
        "geo:*Geofences",
        "geo:*DevicePosition*",
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptTo",
        "kms:ReEncryptFrom",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyPair",
        "kms:GenerateDataKeyPairWithoutPlaintext",
        "kms:GenerateDataKeyWithoutPlaintext",
      ],
      Resource: "*",
    },
  ],
});
