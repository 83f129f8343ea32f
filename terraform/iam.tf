# IAM roles for the service accounts (IRSA) of the app's four roles (syncwell.roles) and of KEDA's operator.
# Each policy grants the calls the code makes, on SyncWell's own resources; the comment above a statement names
# the code path that needs it.
#
# Calls every process makes, whatever its role: all routes are built in every process (only their start depends on
# the role), so each starts the Camel endpoints of the hot and cold queues, of their -dlqs and of the bucket.
#  - at start, each process asks for the URLs of the hot and cold queues and their -dlqs by name (sqs:GetQueueUrl,
#    app/AwsClientsConfiguration.resolveQueueUrls) and gives them to the aws2-sqs endpoints, which then look nothing
#    up (without a queueUrl they would call sqs:ListQueues, which cannot be limited to our queues).
#  - aws2-s3 calls HeadBucket (s3:ListBucket) when the endpoint starts, and every process builds the dead-letter
#    routes: every role may list the bucket (only the api and the workers read or write in it).

locals {
  # role name suffix => the Kubernetes service account that may assume the role
  service_accounts = {
    api         = { namespace = var.namespace, name = "syncwell-api" }
    hot-worker  = { namespace = var.namespace, name = "syncwell-hot-worker" }
    cold-worker = { namespace = var.namespace, name = "syncwell-cold-worker" }
    scheduler   = { namespace = var.namespace, name = "syncwell-scheduler" }
    keda        = { namespace = var.keda_namespace, name = "keda-operator" }
  }

  job_queue_arns  = [for queue in aws_sqs_queue.jobs : queue.arn]
  all_queue_arns  = concat(local.job_queue_arns, [for queue in aws_sqs_queue.dlq : queue.arn])
  dead_letter_arn = aws_s3_bucket.dead_letters.arn

  # the stages of deadletters/DeadLetterArchive.java
  dead_letter_objects = {
    pending   = "${aws_s3_bucket.dead_letters.arn}/dead-letters/*"
    replaying = "${aws_s3_bucket.dead_letters.arn}/replaying/*"
    replayed  = "${aws_s3_bucket.dead_letters.arn}/replayed/*"
  }

  # the services that use the KMS key for encryption at rest on a role's behalf (kms:ViaService)
  kms_via = {
    dynamodb = "dynamodb.${var.region}.amazonaws.com"
    s3       = "s3.${var.region}.amazonaws.com"
    sqs      = "sqs.${var.region}.amazonaws.com"
  }
}

data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.service_accounts

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.eks_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.eks_oidc_provider_url}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.name}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.eks_oidc_provider_url}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.service_accounts

  name               = "${var.name_prefix}${each.key}"
  description        = "SyncWell ${each.key}, assumed by the service account ${each.value.namespace}/${each.value.name} (IRSA)"
  assume_role_policy = data.aws_iam_policy_document.irsa_trust[each.key].json
}

resource "aws_iam_role_policy" "irsa" {
  for_each = {
    api         = data.aws_iam_policy_document.api.json
    hot-worker  = data.aws_iam_policy_document.worker["hot"].json
    cold-worker = data.aws_iam_policy_document.worker["cold"].json
    scheduler   = data.aws_iam_policy_document.scheduler.json
    keda        = data.aws_iam_policy_document.keda.json
  }

  name   = "${var.name_prefix}${each.key}"
  role   = aws_iam_role.irsa[each.key].id
  policy = each.value
}

# --- api (syncwell.roles=api): routes/ApiRoutes.java, the dead-letter replay and the queue-metrics route -----------
data "aws_iam_policy_document" "api" {
  # ConnectionsApi and WebhooksApi through ConnectionStore: create (PutItem), find (GetItem), a user's connections
  # (list: Query on the table), update (UpdateItem), delete (DeleteItem); POST /v1/admin/providers/{id}/migrate
  # (ProviderMigrationsApi) finds every connection using a provider (usingProvider: Scan) and moves its pin (repin:
  # UpdateItem)
  statement {
    sid = "Connections"
    actions = [
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.connections.arn]
  }

  # AccountStore: the OAuth callback of AccountsApi links an account (save: PutItem), GET /v1/accounts (list: Query),
  # DELETE /v1/accounts/{provider} (DeleteItem), ConnectionsApi checks the account (find: GetItem), WebhooksApi marks
  # a revoked one (UpdateItem), provider calls right after linking (LinkListener, through AccountTokens) read and
  # refresh tokens (GetItem, UpdateItem); POST /v1/admin/token-keys/rewrap (TokenKeysApi) reads every account's
  # tokens (allTokens: Scan) and re-wraps them (rewrapTokens: UpdateItem)
  statement {
    sid = "Accounts"
    actions = [
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.accounts.arn]
  }

  # WebhooksApi: the user behind a provider's push (AccountStore.findByProviderUser: Query on byProviderUser)
  statement {
    sid       = "AccountsByProviderUser"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.accounts.arn}/index/byProviderUser"]
  }

  # providers/AppQuotas: the API's own provider calls (an account's check right after linking, withdrawing access,
  # confirming a deauthorization push) take a token of the application's quota (QuotaStore.take: UpdateItem)
  statement {
    sid       = "ProviderQuotas"
    actions   = ["dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.quotas.arn]
  }

  # OAuthStateStore: POST /v1/accounts/{provider}/authorize saves the state (PutItem), the OAuth callback consumes it
  # (DeleteItem with ReturnValues ALL_OLD)
  statement {
    sid       = "OAuthStates"
    actions   = ["dynamodb:DeleteItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.oauth_states.arn]
  }

  # RevocationStore: DELETE /v1/accounts/{provider} keeps the tokens until the provider withdrew our access (save:
  # PutItem), the revocations-retry route finds the due ones (due: Scan), claims each attempt and records a rotated
  # token or the last error (UpdateItem), and forgets it once done (DeleteItem)
  statement {
    sid       = "Revocations"
    actions   = ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.revocations.arn]
  }

  # JobStore: JobRequests creates sync jobs (create, createIfAbsent: PutItem) and a backfill's windows (createAll:
  # BatchWriteItem in ItemBatches), GET /v1/jobs/{id} and the dry-run wait read them (GetItem), the dead-letter
  # replay claims the job (ClaimDeadLetterReplayProcessor: GetItem, claimReplay UpdateItem)
  statement {
    sid = "Jobs"
    actions = [
      "dynamodb:BatchWriteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.jobs.arn]
  }

  # GET /v1/connections/{id}/jobs (JobStore.listByConnection: Query on byConnection) and GET /v1/backfills/{id}
  # (listByBackfill: Query on byBackfill)
  statement {
    sid     = "JobsIndexes"
    actions = ["dynamodb:Query"]
    resources = [
      "${aws_dynamodb_table.jobs.arn}/index/byConnection",
      "${aws_dynamodb_table.jobs.arn}/index/byBackfill",
    ]
  }

  # BackfillsApi through BackfillStore: create (PutItem), find (GetItem), cancel (UpdateItem)
  statement {
    sid       = "Backfills"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.backfills.arn]
  }

  # GET /v1/connections/{id}/backfills (BackfillStore.listByConnection: Query on byConnection)
  statement {
    sid       = "BackfillsByConnection"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.backfills.arn}/index/byConnection"]
  }

  # GET /v1/connections/{id}/records reads the connection's records ledger over the days asked (RecordLedger.read: Query)
  statement {
    sid       = "RecordsLedger"
    actions   = ["dynamodb:Query"]
    resources = [aws_dynamodb_table.records.arn]
  }

  # request-enqueue-hot/cold put the jobs of syncs, pushes and backfills on their queue (SendMessageBatch, authorized
  # as sqs:SendMessage); dead-letter-replay puts a replayed job back on its queue (SendMessage)
  statement {
    sid       = "SendJobs"
    actions   = ["sqs:SendMessage"]
    resources = local.job_queue_arns
  }

  # the queue URLs at start (see the top of this file); the route queue-metrics (metrics/QueueDepths, every 15 s in
  # api processes): each queue's visible, in-flight and delayed message counts (GetQueueAttributes)
  statement {
    sid       = "ReadQueueDepths"
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = local.all_queue_arns
  }

  # GET /v1/admin/dead-letters and the replays list the stages (DeadLetterArchive.keys: ListObjectsV2), the
  # operators' route dead-letter-replay-all lists dead-letters/ (ListObjects), aws2-s3 checks the bucket (HeadBucket)
  statement {
    sid       = "ListDeadLetters"
    actions   = ["s3:ListBucket"]
    resources = [local.dead_letter_arn]
  }

  # DeadLetterArchive reads envelopes in every stage (GetObject) and moves them dead-letters/ -> replaying/ ->
  # replayed/, or back to dead-letters/ when a replay is refused, by CopyObject (GetObject on the source, PutObject
  # on the target) ...
  statement {
    sid       = "ReadAndMoveDeadLetters"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = values(local.dead_letter_objects)
  }

  # ... and then DeleteObject where the envelope was; the app never deletes under replayed/
  statement {
    sid       = "DeleteMovedDeadLetters"
    actions   = ["s3:DeleteObject"]
    resources = [local.dead_letter_objects.pending, local.dead_letter_objects.replaying]
  }

  # security/TokenCipher (syncwell.kms.key-id; AWS Encryption SDK, encryption context syncwell:purpose=oauth-tokens):
  # the OAuth callback and the re-wrap encrypt tokens (GenerateDataKey), LinkListener's calls and the re-wrap
  # decrypt them (Decrypt)
  statement {
    sid       = "TokenEnvelopeEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.syncwell.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:syncwell:purpose"
      values   = ["oauth-tokens"]
    }
  }

  # encryption at rest with the key: SendMessage needs GenerateDataKey and Decrypt, S3 PutObject GenerateDataKey,
  # GetObject Decrypt (CopyObject both), and the tables are read and written through DynamoDB
  statement {
    sid       = "EncryptionAtRest"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.syncwell.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kms_via.dynamodb, local.kms_via.s3, local.kms_via.sqs]
    }
  }
}

# --- hot-worker and cold-worker (syncwell.roles=hot-worker / cold-worker): one policy each, for its own queue ----
data "aws_iam_policy_document" "worker" {
  for_each = local.job_queues

  # sync-worker-<queue> consumes its queue and dead-letter-drain-<queue> its -dlq: ReceiveMessage, DeleteMessage
  # once a message is handled, ChangeMessageVisibility (sent as ChangeMessageVisibilityBatch) while
  # extendMessageVisibility holds a running job
  statement {
    sid = "ConsumeOwnQueueAndDlq"
    actions = [
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:ReceiveMessage",
    ]
    resources = [
      aws_sqs_queue.jobs[each.key].arn,
      aws_sqs_queue.dlq[each.key].arn,
    ]
  }

  # requeue-job (after defer-job: provider rate limit; wait-for-connection: the connection is busy) sends the job
  # back on the queue of its path, hot or cold (SendMessage)
  statement {
    sid       = "RequeueJobs"
    actions   = ["sqs:SendMessage"]
    resources = local.job_queue_arns
  }

  # the queue URLs at start (see the top of this file)
  statement {
    sid       = "FindQueueUrls"
    actions   = ["sqs:GetQueueUrl"]
    resources = local.all_queue_arns
  }

  # JobStore in the pipeline (LoadSyncContextProcessor, UpdateSyncStateProcessor, FinishDryRunProcessor,
  # DeferJobProcessor, WaitForConnectionProcessor, MarkJobRetryingProcessor, the dead-letter processors): find and
  # replayedFrom (GetItem); claim, renewClaim, transition and cancel (UpdateItem)
  statement {
    sid       = "Jobs"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.jobs.arn]
  }

  # ConnectionStore find (GetItem), advanceCursor and finishJob (UpdateItem); ConnectionLeases acquire, renew,
  # release (UpdateItem) and why a lease was refused (GetItem)
  statement {
    sid       = "Connections"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.connections.arn]
  }

  # sync-record-fates and the dead-letter channel keep each record's fate in the connection's records ledger
  # (RecordLedger.record: BatchWriteItem in ItemBatches)
  statement {
    sid       = "RecordsLedger"
    actions   = ["dynamodb:BatchWriteItem"]
    resources = [aws_dynamodb_table.records.arn]
  }

  # LoadSyncContextProcessor: whether the job's backfill was cancelled (BackfillStore.find: GetItem)
  statement {
    sid       = "Backfills"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.backfills.arn]
  }

  # providers/AccountTokens: the tokens of a provider call (AccountStore.find: GetItem); a refresh stores the rotated
  # tokens (replaceTokens) and a refused one marks the account (markNeedsReauth*): UpdateItem
  statement {
    sid       = "Accounts"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.accounts.arn]
  }

  # providers/AppQuotas: each provider call takes a token of the application's quota (QuotaStore take, takeWithin:
  # UpdateItem)
  statement {
    sid       = "ProviderQuotas"
    actions   = ["dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.quotas.arn]
  }

  # routes dead-letter and dead-letter-drain write the envelope to dead-letters/<day>/<id>.json (PutObject; the key
  # is set by PrepareDeadLetterProcessor)
  statement {
    sid       = "WriteDeadLetters"
    actions   = ["s3:PutObject"]
    resources = [local.dead_letter_objects.pending]
  }

  # the aws2-s3 endpoint of the dead-letter routes checks its bucket when it starts (HeadBucket)
  statement {
    sid       = "CheckDeadLetterBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.dead_letter_arn]
  }

  # security/TokenCipher through AccountTokens: a provider call decrypts the account's tokens (Decrypt), a refresh
  # encrypts the new ones (GenerateDataKey)
  statement {
    sid       = "TokenEnvelopeEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.syncwell.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:syncwell:purpose"
      values   = ["oauth-tokens"]
    }
  }

  # encryption at rest with the key: ReceiveMessage needs Decrypt, SendMessage GenerateDataKey and Decrypt, S3
  # PutObject GenerateDataKey, and the tables are read and written through DynamoDB
  statement {
    sid       = "EncryptionAtRest"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.syncwell.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kms_via.dynamodb, local.kms_via.s3, local.kms_via.sqs]
    }
  }
}

# --- scheduler (syncwell.roles=scheduler): camel/scheduler.camel.yaml -------------------------------------------
data "aws_iam_policy_document" "scheduler" {
  # FindDueConnectionsProcessor: ScheduledRuns.due reads the due index shard by shard (Query on byDueTime)
  statement {
    sid       = "FindDueConnections"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.connections.arn}/index/byDueTime"]
  }

  # ClaimScheduledRunProcessor and FinishScheduledRunProcessor: ScheduledRuns.claim and finish take and record a
  # run on the connection's item (UpdateItem, conditional)
  statement {
    sid       = "ClaimRuns"
    actions   = ["dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.connections.arn]
  }

  # QueueScheduledRunProcessor: whether the connection's accounts are still linked (AccountStore.find: GetItem);
  # it reads the account's state, never its tokens
  statement {
    sid       = "Accounts"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.accounts.arn]
  }

  # JobRequests.requestScheduled creates the run's jobs (createIfAbsent: PutItem) and reads one a scheduler that died
  # mid-run already created (GetItem); QueueScheduledRunProcessor reads the last queued job's state (GetItem)
  statement {
    sid       = "Jobs"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.jobs.arn]
  }

  # request-enqueue-hot/cold: scheduled syncs on the hot queue, reconciliations on the cold one (SendMessageBatch,
  # authorized as sqs:SendMessage)
  statement {
    sid       = "SendJobs"
    actions   = ["sqs:SendMessage"]
    resources = local.job_queue_arns
  }

  # the queue URLs at start (see the top of this file)
  statement {
    sid       = "FindQueueUrls"
    actions   = ["sqs:GetQueueUrl"]
    resources = local.all_queue_arns
  }

  # the aws2-s3 endpoints of the dead-letter routes, built in every process, check their bucket at start (HeadBucket)
  statement {
    sid       = "CheckDeadLetterBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.dead_letter_arn]
  }

  # encryption at rest with the key: SendMessage needs GenerateDataKey and Decrypt, and the tables are read and
  # written through DynamoDB. No token envelope encryption: the scheduler never reads tokens.
  statement {
    sid       = "EncryptionAtRest"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.syncwell.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kms_via.dynamodb, local.kms_via.sqs]
    }
  }
}

# --- keda (service account keda-operator): the workers' ScaledObjects (aws-sqs-queue triggers) ------------------
data "aws_iam_policy_document" "keda" {
  # the aws-sqs-queue scaler reads the hot and cold queues' message counts (GetQueueAttributes)
  statement {
    sid       = "ReadQueueDepth"
    actions   = ["sqs:GetQueueAttributes"]
    resources = local.job_queue_arns
  }
}
