output "region" {
  description = "AWS region of the resources (SYNCWELL_AWS_REGION)."
  value       = var.region
}

output "kms_key_arn" {
  description = "ARN of the KMS key: OAuth token envelope encryption (SYNCWELL_KMS_KEY_ID; the app wants the key ARN, not the alias) and encryption at rest."
  value       = aws_kms_key.syncwell.arn
}

output "kms_key_alias" {
  description = "Alias of the KMS key."
  value       = aws_kms_alias.syncwell.name
}

output "hot_queue_name" {
  description = "Name of the hot job queue (SYNCWELL_QUEUE_HOT)."
  value       = aws_sqs_queue.jobs["hot"].name
}

output "hot_queue_url" {
  description = "URL of the hot job queue (KEDA's aws-sqs-queue trigger of the hot workers)."
  value       = aws_sqs_queue.jobs["hot"].url
}

output "hot_queue_arn" {
  description = "ARN of the hot job queue."
  value       = aws_sqs_queue.jobs["hot"].arn
}

output "cold_queue_name" {
  description = "Name of the cold job queue (SYNCWELL_QUEUE_COLD)."
  value       = aws_sqs_queue.jobs["cold"].name
}

output "cold_queue_url" {
  description = "URL of the cold job queue (KEDA's aws-sqs-queue trigger of the cold workers)."
  value       = aws_sqs_queue.jobs["cold"].url
}

output "cold_queue_arn" {
  description = "ARN of the cold job queue."
  value       = aws_sqs_queue.jobs["cold"].arn
}

output "hot_dlq_name" {
  description = "Name of the hot queue's dead-letter queue (SYNCWELL_QUEUE_HOT_DLQ)."
  value       = aws_sqs_queue.dlq["hot"].name
}

output "hot_dlq_url" {
  description = "URL of the hot queue's dead-letter queue."
  value       = aws_sqs_queue.dlq["hot"].url
}

output "hot_dlq_arn" {
  description = "ARN of the hot queue's dead-letter queue."
  value       = aws_sqs_queue.dlq["hot"].arn
}

output "cold_dlq_name" {
  description = "Name of the cold queue's dead-letter queue (SYNCWELL_QUEUE_COLD_DLQ)."
  value       = aws_sqs_queue.dlq["cold"].name
}

output "cold_dlq_url" {
  description = "URL of the cold queue's dead-letter queue."
  value       = aws_sqs_queue.dlq["cold"].url
}

output "cold_dlq_arn" {
  description = "ARN of the cold queue's dead-letter queue."
  value       = aws_sqs_queue.dlq["cold"].arn
}

output "table_prefix" {
  description = "Prefix of the table names (SYNCWELL_TABLE_PREFIX)."
  value       = var.name_prefix
}

output "table_names" {
  description = "Names of the DynamoDB tables, by the app's name for them."
  value = {
    connections  = aws_dynamodb_table.connections.name
    accounts     = aws_dynamodb_table.accounts.name
    oauth-states = aws_dynamodb_table.oauth_states.name
    jobs         = aws_dynamodb_table.jobs.name
    backfills    = aws_dynamodb_table.backfills.name
    revocations  = aws_dynamodb_table.revocations.name
    quotas       = aws_dynamodb_table.quotas.name
    records      = aws_dynamodb_table.records.name
  }
}

output "dead_letter_bucket_name" {
  description = "Name of the dead-letter bucket (SYNCWELL_BUCKET_DEAD_LETTERS)."
  value       = aws_s3_bucket.dead_letters.id
}

output "dead_letter_bucket_arn" {
  description = "ARN of the dead-letter bucket."
  value       = aws_s3_bucket.dead_letters.arn
}

output "api_role_arn" {
  description = "Role of the service account syncwell-api (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["api"].arn
}

output "hot_worker_role_arn" {
  description = "Role of the service account syncwell-hot-worker (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["hot-worker"].arn
}

output "cold_worker_role_arn" {
  description = "Role of the service account syncwell-cold-worker (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["cold-worker"].arn
}

output "scheduler_role_arn" {
  description = "Role of the service account syncwell-scheduler (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["scheduler"].arn
}

output "keda_role_arn" {
  description = "Role of KEDA's service account keda-operator (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["keda"].arn
}
