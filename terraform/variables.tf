variable "region" {
  description = "AWS region of every resource; the app's syncwell.aws.region (SYNCWELL_AWS_REGION) must name the same one."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every name: tables (the app's syncwell.table-prefix), queues, the bucket, the KMS alias and the IAM roles. The default gives the app's default names."
  type        = string
  default     = "syncwell-"
}

variable "tags" {
  description = "Tags put on every resource (provider default_tags)."
  type        = map(string)
  default     = {}
}

variable "kms_deletion_window_in_days" {
  description = "Days the KMS key waits after a scheduled deletion before it is deleted (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key of the KMS key before calling KMS again (60 to 86400 seconds)."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 86400."
  }
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of the job queues and their dead-letter queues; keep it equal to the app's syncwell.worker.visibility-timeout."
  type        = number
  default     = 60

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200."
  }
}

variable "max_receive_count" {
  description = "Receives of a message without it being deleted before SQS moves it to the queue's -dlq; the app's syncwell.worker.max-receive-count."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "dead_letter_bucket_name" {
  description = "Name of the dead-letter bucket (bucket names are global). Null: \"<name_prefix>dead-letters\", the app's default syncwell.bucket.dead-letters."
  type        = string
  default     = null
}

variable "replayed_retention_days" {
  description = "Days a replayed dead letter (under replayed/) is kept before it expires."
  type        = number
  default     = 90
}

variable "noncurrent_version_retention_days" {
  description = "Days a noncurrent version in the dead-letter bucket (left by a move between prefixes, or an expiry) is kept."
  type        = number
  default     = 30
}

variable "deletion_protection" {
  description = "Whether the DynamoDB tables have deletion protection."
  type        = bool
  default     = true
}

variable "eks_oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>)."
  type        = string
}

variable "eks_oidc_provider_url" {
  description = "Issuer URL of the EKS cluster's OIDC provider without https:// (oidc.eks.<region>.amazonaws.com/id/<id>)."
  type        = string

  validation {
    condition     = !startswith(var.eks_oidc_provider_url, "https://")
    error_message = "eks_oidc_provider_url must be given without the https:// scheme."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the SyncWell service accounts (syncwell-api, syncwell-hot-worker, syncwell-cold-worker, syncwell-scheduler)."
  type        = string
  default     = "syncwell"
}

variable "keda_namespace" {
  description = "Kubernetes namespace of KEDA's operator (service account keda-operator)."
  type        = string
  default     = "keda"
}

variable "alarm_actions" {
  description = "ARNs (e.g. SNS topics) notified when an alarm fires."
  type        = list(string)
  default     = []
}

variable "hot_queue_max_age_seconds" {
  description = "Age in seconds of the oldest message on the hot queue above which an alarm fires."
  type        = number
  default     = 300
}
