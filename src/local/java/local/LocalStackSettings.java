package local;

import java.nio.file.Path;

/**
 * Where the local stand-ins for SQS, S3 and DynamoDB listen and keep their data; {@code dynaliteHeapMb}: the most of
 * node's heap dynalite may use.
 */
public record LocalStackSettings(Path dataDir, int sqsPort, int s3Port, int dynamoDbPort, String nodeExecutable,
                                 Path dynaliteScript, int dynaliteHeapMb, String s3Identity, String s3Credential) {
}
