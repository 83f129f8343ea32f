# The tables as local/LocalResources.java creates them in local mode, named <syncwell.table-prefix><name>
# (state/Tables.java). Only key attributes are declared. TTL is on expiresAt where the app writes it as epoch
# seconds (a number): jobs (JobRequests, now + syncwell.job-retention), backfills (BackfillsApi, the same), revocations,
# quotas (QuotaStore: an hour after its window ended) and records (RecordLedger: now + syncwell.records.retention).

resource "aws_dynamodb_table" "connections" {
  name                        = "${var.name_prefix}connections"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userId"
  range_key                   = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "dueShard"
    type = "S"
  }

  attribute {
    name = "dueAt"
    type = "N"
  }

  # the scheduler's due connections, per shard (state/DueIndex.java)
  global_secondary_index {
    name            = "byDueTime"
    hash_key        = "dueShard"
    range_key       = "dueAt"
    projection_type = "KEYS_ONLY"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

resource "aws_dynamodb_table" "accounts" {
  name                        = "${var.name_prefix}accounts"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userId"
  range_key                   = "provider"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "provider"
    type = "S"
  }

  attribute {
    name = "externalUserId"
    type = "S"
  }

  # provider pushes: who we are at a provider -> our user
  global_secondary_index {
    name            = "byProviderUser"
    hash_key        = "provider"
    range_key       = "externalUserId"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

# No TTL here: OAuthState.expiresAt is an Instant that the app's JSON mapping writes as an ISO-8601 string, which
# DynamoDB TTL ignores. OAuthStateStore.consume checks the expiry itself; an unused state stays until deleted.
resource "aws_dynamodb_table" "oauth_states" {
  name                        = "${var.name_prefix}oauth-states"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "state"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "state"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

resource "aws_dynamodb_table" "jobs" {
  name                        = "${var.name_prefix}jobs"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "connectionId"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "S"
  }

  attribute {
    name = "backfillId"
    type = "S"
  }

  # a connection's jobs, newest first
  global_secondary_index {
    name            = "byConnection"
    hash_key        = "connectionId"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  # the windows of a backfill, with their state and counts
  global_secondary_index {
    name               = "byBackfill"
    hash_key           = "backfillId"
    projection_type    = "INCLUDE"
    non_key_attributes = ["dataType", "window", "state", "counts", "updatedAt"]
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

resource "aws_dynamodb_table" "backfills" {
  name                        = "${var.name_prefix}backfills"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "connectionId"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "S"
  }

  # a connection's backfills, newest first
  global_secondary_index {
    name            = "byConnection"
    hash_key        = "connectionId"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

# Unlinked accounts whose access at the provider is still to be withdrawn (state.Revocation): the tokens stay here,
# encrypted, only until the provider confirms; TTL drops an item whose provider never did (expiresAt, epoch seconds).
resource "aws_dynamodb_table" "revocations" {
  name                        = "${var.name_prefix}revocations"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

# The application's quotas at the providers (providers.http.AppQuotas, state.QuotaStore): one counter per provider,
# limit and window, taken with an atomic UpdateItem before each call by every process; TTL drops a window's item an
# hour after it ended (expiresAt, epoch seconds). Few items, each hot only while its window lasts.
resource "aws_dynamodb_table" "quotas" {
  name                        = "${var.name_prefix}quotas"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}

# Each connection's records ledger (state.RecordLedger, GET /v1/connections/{id}/records): what became of every source
# record a job decided, one item per job, data type and day of the records' start (position <day>#<type>#<job>#<part>),
# its fates gzipped. Ids, times and outcomes only. TTL drops an item syncwell.records.retention after it was written.
resource "aws_dynamodb_table" "records" {
  name                        = "${var.name_prefix}records"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "connectionId"
  range_key                   = "position"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "connectionId"
    type = "S"
  }

  attribute {
    name = "position"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.syncwell.arn
  }
}
