# One customer managed key for two uses:
#  - envelope encryption of the stored OAuth tokens: the app's security/TokenCipher (syncwell.kms.key-id, the key's
#    ARN; aliases are refused) asks KMS for data keys (GenerateDataKey) and unwraps them (Decrypt), with the
#    encryption context syncwell:purpose=oauth-tokens;
#  - encryption at rest of the DynamoDB tables, the SQS queues and the dead-letter bucket.
# Automatic rotation keeps the key's ARN, so syncwell.kms.key-id need not change when the key material rotates.
#
# No key policy is given, so AWS applies its default one: the account may use and manage the key through IAM
# policies, and the roles in iam.tf get exactly the use they need.
resource "aws_kms_key" "syncwell" {
  description             = "SyncWell: OAuth token envelope encryption, and encryption at rest of its tables, queues and dead-letter bucket"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
}

resource "aws_kms_alias" "syncwell" {
  name          = "alias/${var.name_prefix}tokens"
  target_key_id = aws_kms_key.syncwell.key_id
}
