package local;

import java.nio.file.Path;

/** Where the local stand-ins for SQS, S3 and DynamoDB listen and keep their data. */
public record LocalStackSettings(Path dataDir, int sqsPort, int s3Port, int dynamoDbPort, String nodeExecutable,
                                 Path dynaliteScript, String s3Identity, String s3Credential) {
}
