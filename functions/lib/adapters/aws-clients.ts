import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

export interface ClientOptions {
  region: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
  /** Wraps each SDK client, e.g. Powertools Tracer's `captureAWSv3Client` on Lambda. */
  instrument?: <T>(client: T) => T;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An endpoint override (plus path-style addressing) is the only difference between AWS and the
 * embedded emulators. s3rver stores the chunk framing of the SDK's default flexible checksums, so
 * checksums are only sent where an operation requires them.
 */
export function createS3Client(options: ClientOptions): S3Client {
  const instrument = options.instrument ?? (<T>(client: T) => client);
  if (!options.s3Endpoint) return instrument(new S3Client({ region: options.region }));
  return instrument(
    new S3Client({
      region: options.region,
      endpoint: options.s3Endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
}

export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const instrument = options.instrument ?? (<T>(client: T) => client);
  const client = instrument(
    options.dynamoEndpoint
      ? new DynamoDBClient({ region: options.region, endpoint: options.dynamoEndpoint, credentials: LOCAL_CREDENTIALS })
      : new DynamoDBClient({ region: options.region }),
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
