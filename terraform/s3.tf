locals {
  # the app's syncwell.bucket.dead-letters
  dead_letter_bucket = coalesce(var.dead_letter_bucket_name, "${var.name_prefix}dead-letters")
}

# Dead letters as deadletters/DeadLetterArchive.java keeps them: dead-letters/<day>/<id>.json waiting (written by the
# dead-letter channel and by the drain of the SQS -dlqs), replaying/ while a replay is under way, replayed/ once the
# job message is back on its queue. A move between prefixes is a copy and then a delete.
resource "aws_s3_bucket" "dead_letters" {
  bucket = local.dead_letter_bucket
}

resource "aws_s3_bucket_ownership_controls" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.syncwell.arn
    }
  }
}

data "aws_iam_policy_document" "dead_letters_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.dead_letters.arn,
      "${aws_s3_bucket.dead_letters.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id
  policy = data.aws_iam_policy_document.dead_letters_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.dead_letters]
}

resource "aws_s3_bucket_lifecycle_configuration" "dead_letters" {
  bucket = aws_s3_bucket.dead_letters.id

  # the noncurrent-version rule needs versioning on
  depends_on = [aws_s3_bucket_versioning.dead_letters]

  # a replayed dead letter is kept for reference, not for ever
  rule {
    id     = "expire-replayed"
    status = "Enabled"

    filter {
      prefix = "replayed/"
    }

    expiration {
      days = var.replayed_retention_days
    }
  }

  # every move between prefixes and every expiry leaves a noncurrent version and a delete marker behind
  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    expiration {
      expired_object_delete_marker = true
    }
  }
}
