# Copy to terraform.tfvars (or pass with -var-file) and put your own values in.
region      = "us-east-1"
name_prefix = "syncwell-"

# bucket names are global: pick one of your own (the app then needs SYNCWELL_BUCKET_DEAD_LETTERS set to it)
dead_letter_bucket_name = "syncwell-dead-letters-111122223333"

# aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer (drop the https://)
eks_oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E"
eks_oidc_provider_url = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E"

namespace      = "syncwell"
keda_namespace = "keda"

# must match the app's syncwell.worker.visibility-timeout and syncwell.worker.max-receive-count
visibility_timeout_seconds = 60
max_receive_count          = 5

replayed_retention_days   = 90
hot_queue_max_age_seconds = 300
deletion_protection       = true

alarm_actions = ["arn:aws:sns:us-east-1:111122223333:syncwell-alarms"]

tags = {
  app         = "syncwell"
  environment = "production"
}
