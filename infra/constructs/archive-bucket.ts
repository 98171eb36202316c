import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';
import { EXPORTS_PREFIX } from '../../functions/lib/core/snapshot.js';

export interface ArchiveBucketProps {
  noncurrentVersionDays: number;
  glacierAfterDays?: number;
  objectLockDays?: number;
}

/**
 * The evidence store: WARCs, DOM, screenshots, text and manifests. Versioned and retained, so an
 * overwrite or a delete never loses the bytes a hash was published for; with `objectLockDays` set,
 * S3 itself refuses to delete them (compliance mode) until the retention ends.
 */
export class ArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps) {
    super(scope, id);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      "This bucket receives the archive bucket's server access logs; logging it in turn would need another bucket and would only record S3's own log delivery.",
    );

    this.bucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      objectLockDefaultRetention:
        props.objectLockDays === undefined ? undefined : s3.ObjectLockRetention.compliance(Duration.days(props.objectLockDays)),
      lifecycleRules: [
        {
          id: 'noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'expire-exports', prefix: EXPORTS_PREFIX, expiration: Duration.days(1) },
        ...(props.glacierAfterDays === undefined
          ? []
          : [
              {
                id: 'glacier-instant-retrieval',
                transitions: [
                  {
                    storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(props.glacierAfterDays),
                  },
                ],
              },
            ]),
      ],
    });
  }
}
