locals {
  # The app's syncwell.queue.hot and syncwell.queue.cold. Each queue redrives to "<name>-dlq", the app's
  # syncwell.queue.hot-dlq and syncwell.queue.cold-dlq, which the dead-letter-drain routes read.
  job_queues = {
    hot  = "${var.name_prefix}jobs-hot"
    cold = "${var.name_prefix}jobs-cold"
  }
}

resource "aws_sqs_queue" "dlq" {
  for_each = local.job_queues

  name                              = "${each.value}-dlq"
  message_retention_seconds         = 1209600 # 14 days, the longest SQS keeps a message
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  receive_wait_time_seconds         = 10
  kms_master_key_id                 = aws_kms_key.syncwell.arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
}

resource "aws_sqs_queue" "jobs" {
  for_each = local.job_queues

  name                              = each.value
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  receive_wait_time_seconds         = 10
  kms_master_key_id                 = aws_kms_key.syncwell.arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  # a message received max_receive_count times without being deleted (it crashed the worker) moves to the -dlq
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

# A resource of its own, not an argument of the DLQ: the queue's redrive policy needs the DLQ's ARN and this needs
# the queue's, which inline would be a dependency cycle.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = local.job_queues

  queue_url = aws_sqs_queue.dlq[each.key].id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.jobs[each.key].arn]
  })
}
