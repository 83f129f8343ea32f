# A message that crashed the workers max_receive_count times lands on its queue's -dlq. The dead-letter-drain
# routes move it to S3 soon after, so this fires briefly for each such message, and stays on if the drain fails.
resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  for_each = local.job_queues

  alarm_name          = "${aws_sqs_queue.dlq[each.key].name}-not-empty"
  alarm_description   = "Messages on ${aws_sqs_queue.dlq[each.key].name}: the ${each.key} workers failed on a job ${var.max_receive_count} times (SQS redrive)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq[each.key].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "hot_queue_age" {
  alarm_name          = "${aws_sqs_queue.jobs["hot"].name}-oldest-message-age"
  alarm_description   = "The oldest message on ${aws_sqs_queue.jobs["hot"].name} waits longer than ${var.hot_queue_max_age_seconds} s: hot workers are missing or too few."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.jobs["hot"].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.hot_queue_max_age_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
}

# S3 request metrics for the prefix new dead letters are written to (PrepareDeadLetterProcessor: dead-letters/): the
# dead-letter channel (a job failed for good) and the drain of the -dlqs both write there. A replay refused after
# its claim copies the envelope back there too (rare).
resource "aws_s3_bucket_metric" "new_dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id
  name   = "new-dead-letters"

  filter {
    prefix = "dead-letters/"
  }
}

resource "aws_cloudwatch_metric_alarm" "new_dead_letters" {
  alarm_name          = "${aws_s3_bucket.dead_letters.id}-new-dead-letters"
  alarm_description   = "Dead letters were written to s3://${aws_s3_bucket.dead_letters.id}/dead-letters/ (GET /v1/admin/dead-letters lists them)."
  namespace           = "AWS/S3"
  metric_name         = "PutRequests"
  dimensions          = { BucketName = aws_s3_bucket.dead_letters.id, FilterId = aws_s3_bucket_metric.new_dead_letters.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
}
