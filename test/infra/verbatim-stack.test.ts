import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/lib/config.js';
import { discoverySettingsOf, parseSourcesFile } from '../../functions/lib/core/sources.js';
import { REPO_ROOT } from '../../infra/settings.js';
import { CAPTURE_NODE_MODULES } from '../../infra/verbatim-stack.js';
import { buildApp, removeTempDirs, TEST_SOURCES, writeSourcesFile } from './build-app.js';

afterAll(removeTempDirs);

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  template = buildApp({ sourcesFile: writeSourcesFile(TEST_SOURCES) }).template;
  resources = template.toJSON().Resources;
}, 60_000);

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function only(type: string, predicate: (r: Resource) => boolean = () => true): [string, Resource] {
  const found = ofType(type).filter(([, r]) => predicate(r));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

/** The function whose description starts with `Verbatim <name>`. */
function fn(name: 'capture' | 'dispatch' | 'HTTP API' | 'audit'): [string, Resource] {
  return only('AWS::Lambda::Function', (r) => String(r.Properties.Description).startsWith(`Verbatim ${name}`));
}

function statementsOf(functionId: string): Statement[] {
  const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function actions(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

const ref = (id: string) => ({ Ref: id });
const signingSecretId = () =>
  only('AWS::SecretsManager::Secret', (r) => String(r.Properties.Description).startsWith('Verbatim WACZ signing key'))[0];
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('artifact bucket', () => {
  const artifacts = () => only('AWS::S3::Bucket', (r) => r.Properties.LoggingConfiguration !== undefined);

  it("lets only the API's origin read presigned links from a browser (the web view's screenshots and downloads)", () => {
    const [, bucket] = artifacts();
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(bucket.Properties.CorsConfiguration.CorsRules).toHaveLength(1);
    expect(rule.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(rule.AllowedOrigins).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] }]);
  });

  it('is encrypted, versioned, private, retained and logs access to a separate bucket', () => {
    const [, bucket] = artifacts();
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    const logBucketId = bucket.Properties.LoggingConfiguration.DestinationBucketName.Ref as string;
    expect(resources[logBucketId]!.Type).toBe('AWS::S3::Bucket');
    expect(resources[logBucketId]!.Properties.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
  });

  it('denies every request that does not use TLS, on both buckets', () => {
    for (const [bucketId] of ofType('AWS::S3::Bucket')) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucketId),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('expires noncurrent versions and has no Glacier transition or Object Lock unless asked', () => {
    const [, bucket] = artifacts();
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
    expect(rules.find((r) => r.NoncurrentVersionExpiration)?.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 90 });
    expect(rules.some((r) => r.Transitions)).toBe(false);
    expect(bucket.Properties.ObjectLockConfiguration).toBeUndefined();
  });
});

describe('index table', () => {
  it('is on-demand with PITR, deletion protection, encryption and RETAIN', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('has GSI1-3 keyed <name>PK/<name>SK with string keys, projecting keys only', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    const indexes = table.Properties.GlobalSecondaryIndexes as Record<string, any>[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3']);
    for (const index of indexes) {
      expect(index.KeySchema).toEqual([
        { AttributeName: `${index.IndexName}PK`, KeyType: 'HASH' },
        { AttributeName: `${index.IndexName}SK`, KeyType: 'RANGE' },
      ]);
      expect(index.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
    }
    const attributes = table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(attributes.map((a) => a.AttributeName).sort()).toEqual(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'PK', 'SK']);
    expect(new Set(attributes.map((a) => a.AttributeType))).toEqual(new Set(['S']));
  });
});

describe('capture path', () => {
  const jobs = () =>
    only('AWS::SQS::Queue', (r) => r.Properties.RedrivePolicy !== undefined && r.Properties.VisibilityTimeout !== undefined);

  it('moves a job to an encrypted dead-letter queue after 3 receives', () => {
    const [, queue] = jobs();
    const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(resources[dlqId]!.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('denies insecure transport on every queue', () => {
    for (const [queueId] of ofType('AWS::SQS::Queue')) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('hides a job for at least six capture timeouts', () => {
    const [, queue] = jobs();
    const [, capture] = fn('capture');
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * capture.Properties.Timeout);
  });

  it('feeds capture one job at a time with partial batch failures and a concurrency cap', () => {
    const [captureId] = fn('capture');
    const [queueId] = jobs();
    const [, mapping] = only('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      FunctionName: ref(captureId),
      EventSourceArn: arnOf(queueId),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('gives capture a browser-sized function on x86_64 with Chromium room in /tmp', () => {
    const [, capture] = fn('capture');
    expect(capture.Properties.MemorySize).toBeGreaterThanOrEqual(2048);
    expect(capture.Properties.Timeout).toBe(180);
    expect(capture.Properties.EphemeralStorage.Size).toBeGreaterThanOrEqual(1024);
    expect(capture.Properties.Architectures).toEqual(['x86_64']);
  });

  it('installs only declared dependencies next to the capture bundle, Chromium among them', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(CAPTURE_NODE_MODULES).toContain('@sparticuz/chromium');
    for (const name of CAPTURE_NODE_MODULES) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('sends failed asynchronous dispatch invocations to their own dead-letter queue', () => {
    const [, dispatch] = fn('dispatch');
    const dlqId = dispatch.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0] as string;
    expect(resources[dlqId]!.Type).toBe('AWS::SQS::Queue');
  });
});

describe('functions', () => {
  const all = () => ofType('AWS::Lambda::Function');

  it('use only environment variable names that config.ts defines', () => {
    const known = new Set<string>(Object.values(ENV));
    expect(all()).toHaveLength(4);
    for (const [, f] of all()) {
      for (const name of Object.keys(f.Properties.Environment.Variables)) expect(known).toContain(name);
    }
  });

  it('wire each function to the resources its code reads from ENV', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const [secretId] = only('AWS::SecretsManager::Secret', (r) => r.Properties.SecretString !== undefined);
    const [bucketId] = only('AWS::S3::Bucket', (r) => r.Properties.LoggingConfiguration !== undefined);
    const [queueId] = only('AWS::SQS::Queue', (r) => r.Properties.VisibilityTimeout !== undefined);
    expect(fn('capture')[1].Properties.Environment.Variables).toEqual({
      [ENV.tableName]: ref(tableId),
      [ENV.bucketName]: ref(bucketId),
      [ENV.maxAttempts]: '3',
      [ENV.queueUrl]: ref(queueId),
    });
    expect(fn('dispatch')[1].Properties.Environment.Variables).toEqual({
      [ENV.tableName]: ref(tableId),
      [ENV.queueUrl]: ref(queueId),
    });
    expect(fn('HTTP API')[1].Properties.Environment.Variables).toEqual({
      [ENV.tableName]: ref(tableId),
      [ENV.bucketName]: ref(bucketId),
      [ENV.keysSecretArn]: ref(secretId),
      [ENV.signingSecretArn]: ref(signingSecretId()),
      [ENV.artifactDelivery]: 'redirect',
      [ENV.captureFunctionName]: ref(fn('capture')[0]),
    });
    expect(fn('audit')[1].Properties.Environment.Variables).toEqual({
      [ENV.tableName]: ref(tableId),
      [ENV.bucketName]: ref(bucketId),
    });
  });

  it('run ESM handlers on a current Node.js runtime with tracing and a log group with retention', () => {
    for (const [, f] of all()) {
      expect(f.Properties.Handler).toBe('index.handler');
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      const logGroupId = f.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(resources[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });
});

describe('schedules', () => {
  it('creates one schedule per source in the sources file, invoking dispatch with the source', () => {
    const sources = parseSourcesFile(JSON.stringify(TEST_SOURCES), new Date(0).toISOString());
    const [dispatchId] = fn('dispatch');
    const schedules = ofType('AWS::Scheduler::Schedule')
      .map(([, r]) => r.Properties)
      .filter((s) => s.Name !== 'api-sources-sweep' && s.Name !== 'fixity-audit');
    expect(schedules).toHaveLength(TEST_SOURCES.length);
    for (const source of sources) {
      const schedule = schedules.find((s) => s.Name === source.id);
      expect(schedule, source.url).toBeDefined();
      expect(schedule!.ScheduleExpression).toBe(source.schedule);
      expect(schedule!.Target.Arn).toEqual(arnOf(dispatchId));
      expect(JSON.parse(schedule!.Target.Input)).toEqual({
        sourceId: source.id,
        url: source.url,
        extractor: source.extractor,
        schedule: source.schedule,
        ...discoverySettingsOf(source),
      });
    }
    expect(JSON.parse(schedules.find((s) => s.Name === sources.at(-1)!.id)!.Target.Input)).toMatchObject({
      discover: 'feed',
      maxPerRun: 20,
    });
  });

  it('adds one sweep schedule that runs the sources registered through the API', () => {
    const [dispatchId] = fn('dispatch');
    const sweep = ofType('AWS::Scheduler::Schedule')
      .map(([, r]) => r.Properties)
      .filter((s) => s.Name === 'api-sources-sweep');
    expect(sweep).toHaveLength(1);
    expect(sweep[0]!.ScheduleExpression).toBe('rate(5 minutes)');
    expect(sweep[0]!.Target.Arn).toEqual(arnOf(dispatchId));
    expect(JSON.parse(sweep[0]!.Target.Input)).toEqual({ sweep: true });
  });

  it('puts the schedules in a stage-named group that goes away with the stack', () => {
    const [, group] = only('AWS::Scheduler::ScheduleGroup');
    expect(group.Properties.Name).toBe('verbatim-dev');
    expect(group.DeletionPolicy).toBe('Delete');
    for (const [, schedule] of ofType('AWS::Scheduler::Schedule')) {
      expect(schedule.Properties.GroupName).toBe('verbatim-dev');
      expect(schedule.Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    }
  });

  it('uses a scheduler role that can only invoke the dispatch function', () => {
    const [dispatchId] = fn('dispatch');
    const roleIds = new Set(
      ofType('AWS::Scheduler::Schedule')
        .filter(([, r]) => r.Properties.Name !== 'fixity-audit')
        .map(([, r]) => r.Properties.Target.RoleArn['Fn::GetAtt'][0] as string),
    );
    expect(roleIds.size).toBe(1);
    const [roleId] = [...roleIds];
    expect(resources[roleId!]!.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'scheduler.amazonaws.com',
    });
    expect(resources[roleId!]!.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(dispatchId) }]);
  });
});

describe('fixity audit', () => {
  const auditSchedule = () => only('AWS::Scheduler::Schedule', (r) => r.Properties.Name === 'fixity-audit');

  it('runs daily by default, in the stage group, invoking the audit function', () => {
    const [, schedule] = auditSchedule();
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 day)',
      GroupName: 'verbatim-dev',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: arnOf(fn('audit')[0]) },
    });
  });

  it('uses a scheduler role of its own that can only invoke the audit function', () => {
    const [, schedule] = auditSchedule();
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(resources[roleId]!.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(fn('audit')[0]) }]);
  });

  it('is sized to stream the archive through SHA-256: 1 GB for up to 15 minutes', () => {
    const [, audit] = fn('audit');
    expect(audit.Properties.MemorySize).toBe(1024);
    expect(audit.Properties.Timeout).toBe(900);
  });

  it('may only read artifacts, read the index and put the audit record', () => {
    const [auditId] = fn('audit');
    const statements = statementsOf(auditId);
    const granted = actions(statements);
    expect(granted.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(granted.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(granted.filter((a) => /^(sqs|secretsmanager|lambda|kms):/.test(a))).toEqual([]);
    const [bucketId] = only('AWS::S3::Bucket', (r) => r.Properties.LoggingConfiguration !== undefined);
    const getObject = statements.find((s) => actions([s]).includes('s3:GetObject'))!;
    expect(getObject.Resource).toEqual({ 'Fn::Join': ['', [arnOf(bucketId), '/*']] });
  });
});

describe('HTTP API', () => {
  it('routes everything to the API function through a throttled, access-logged $default stage', () => {
    const [apiFnId] = fn('HTTP API');
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 40, ThrottlingRateLimit: 20 });
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]!.Type).toBe('AWS::Logs::LogGroup');
    expect(resources[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toHaveProperty('requestId', '$context.requestId');
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: arnOf(apiFnId),
      PayloadFormatVersion: '2.0',
    });
  });

  it('keeps the bearer keys out of the template: the keys secret copies two generated seeds', () => {
    const seeds = ofType('AWS::SecretsManager::Secret').filter(([id, r]) => r.Properties.GenerateSecretString && id !== signingSecretId());
    expect(seeds).toHaveLength(2);
    const [, keys] = only('AWS::SecretsManager::Secret', (r) => r.Properties.SecretString !== undefined);
    const parts = keys.Properties.SecretString['Fn::Join'][1] as unknown[];
    expect(parts.filter((p) => typeof p === 'string').join('')).toBe(
      '{"adminKey":"{{resolve:secretsmanager::SecretString:::}}","readKey":"{{resolve:secretsmanager::SecretString:::}}"}',
    );
    expect(parts.filter((p) => typeof p !== 'string')).toEqual(seeds.map(([id]) => ref(id)));
  });
});

describe('IAM', () => {
  it('never pairs S3 or DynamoDB actions with a "*" resource, and uses no wildcard actions', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        const names = actions([statement]);
        for (const name of names) expect(name, 'wildcard action').not.toContain('*');
        if (names.some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:'))) {
          const targets = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
          expect(targets).not.toContain('*');
        }
      }
    }
  });

  it('lets nobody delete artifacts or scan the table', () => {
    const granted = ofType('AWS::IAM::Policy').flatMap(([, p]) => actions(p.Properties.PolicyDocument.Statement));
    expect(granted.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    expect(granted).not.toContain('dynamodb:Scan');
  });

  it('grants dispatch only table reads, registering a source, and sending to the capture queue', () => {
    const [dispatchId] = fn('dispatch');
    const granted = actions(statementsOf(dispatchId));
    expect(granted.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(granted.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    expect(granted.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(granted.filter((a) => a.startsWith('sqs:'))).not.toContain('sqs:ReceiveMessage');
    expect(granted).toContain('sqs:SendMessage');
  });

  it('lets capture send discovered articles and citations to the capture queue, and receive from nothing else', () => {
    const [captureId] = fn('capture');
    const [queueId] = only('AWS::SQS::Queue', (r) => r.Properties.VisibilityTimeout !== undefined);
    const sqsStatements = statementsOf(captureId).filter((st) => actions([st]).some((a) => a.startsWith('sqs:')));
    const senders = sqsStatements.filter((st) => actions([st]).includes('sqs:SendMessage'));
    expect(senders).toHaveLength(1);
    expect(senders[0]!.Resource).toEqual(arnOf(queueId));
    expect(actions(senders)).not.toContain('sqs:DeleteQueue');
  });

  it('grants table and index access by exact ARN, never index/*', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    for (const [functionId] of ofType('AWS::Lambda::Function')) {
      for (const statement of statementsOf(functionId)) {
        if (!actions([statement]).some((a) => a.startsWith('dynamodb:'))) continue;
        expect(statement.Resource).toEqual([
          arnOf(tableId),
          ...['GSI1', 'GSI2', 'GSI3'].map((name) => ({ 'Fn::Join': ['', [arnOf(tableId), `/index/${name}`]] })),
        ]);
      }
    }
  });

  it('lets the API read artifacts, write only WACZ exports under exports/, and invoke only the capture function', () => {
    const [apiId] = fn('HTTP API');
    const [captureId] = fn('capture');
    const statements = statementsOf(apiId);
    const granted = actions(statements);
    expect(granted.filter((a) => a.startsWith('s3:')).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    const writes = statements.filter((s) => actions([s]).some((a) => a === 's3:PutObject' || a === 's3:AbortMultipartUpload'));
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0]!.Resource)).toMatch(/"\/exports\/\*"\]/);
    const invoke = statements.filter((s) => actions([s]).includes('lambda:InvokeFunction'));
    expect(invoke.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))).toEqual(
      expect.arrayContaining([arnOf(captureId)]),
    );
  });

  it('lets only the API read the keys and signing secrets, and nothing write them', () => {
    const [secretId] = only('AWS::SecretsManager::Secret', (r) => r.Properties.SecretString !== undefined);
    const readers = ofType('AWS::Lambda::Function').filter(([id]) =>
      statementsOf(id).some((s) => actions([s]).includes('secretsmanager:GetSecretValue')),
    );
    expect(readers.map(([id]) => id)).toEqual([fn('HTTP API')[0]]);
    const statements = statementsOf(readers[0]![0]).filter((s) => actions([s]).includes('secretsmanager:GetSecretValue'));
    expect(statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))).toEqual([
      ref(secretId),
      ref(signingSecretId()),
    ]);
    const granted = ofType('AWS::IAM::Policy').flatMap(([, p]) => actions(p.Properties.PolicyDocument.Statement));
    expect(granted.filter((a) => a.startsWith('secretsmanager:Put') || a.startsWith('secretsmanager:Update'))).toEqual([]);
  });

  it('keeps the generated signing key secret when the stack is deleted, and expires WACZ exports after a day', () => {
    expect(resources[signingSecretId()]!.DeletionPolicy).toBe('Retain');
    expect(resources[signingSecretId()]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    const [, bucket] = only('AWS::S3::Bucket', (r) => r.Properties.LoggingConfiguration !== undefined);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'expire-exports', Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
  });

  it('gives functions their own log group instead of the AWS managed basic execution policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('alarms', () => {
  const topicId = () => only('AWS::SNS::Topic')[0];

  it('watch both dead-letter queues, capture errors, the failed-page rate and API 5xx', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const deadLetterQueues = ofType('AWS::SQS::Queue').filter(
      ([id]) =>
        ofType('AWS::SQS::Queue').some(([, q]) => q.Properties.RedrivePolicy?.deadLetterTargetArn['Fn::GetAtt'][0] === id) ||
        ofType('AWS::Lambda::Function').some(([, f]) => f.Properties.DeadLetterConfig?.TargetArn['Fn::GetAtt'][0] === id),
    );
    expect(deadLetterQueues).toHaveLength(2);
    for (const [queueId] of deadLetterQueues) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
    const [captureId] = fn('capture');
    const rate = alarms.find((a) => a.Metrics?.some((m: any) => m.Expression?.includes('invocations')));
    expect(rate!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric)).toEqual([
      expect.objectContaining({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: ref(captureId) }] }),
      expect.objectContaining({ MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: ref(captureId) }] }),
    ]);
    const pages = alarms.find((a) => a.Metrics?.some((m: any) => m.Expression?.includes('failed')));
    expect(pages!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric)).toEqual([
      { Namespace: 'Verbatim', MetricName: 'CapturesFailed', Dimensions: [{ Name: 'service', Value: 'verbatim-capture' }] },
      { Namespace: 'Verbatim', MetricName: 'CapturesSucceeded', Dimensions: [{ Name: 'service', Value: 'verbatim-capture' }] },
    ]);
    const [apiId] = only('AWS::ApiGatewayV2::Api');
    expect(alarms).toContainEqual(
      expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: ref(apiId) }] }),
    );
  });

  it('fire on any problem a fixity audit finds, holding the verdict until the next audit', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const fixity = alarms.find((a) => a.Metrics?.some((m: any) => m.Expression?.includes('mismatches')));
    expect(fixity).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'ignore' });
    expect(fixity!.Metrics.find((m: any) => m.Expression).Expression).toBe('mismatches + missing + chainBreaks');
    expect(fixity!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat.Metric, m.MetricStat.Stat])).toEqual([
      [
        'mismatches',
        { Namespace: 'Verbatim', MetricName: 'FixityMismatches', Dimensions: [{ Name: 'service', Value: 'verbatim-audit' }] },
        'Sum',
      ],
      [
        'missing',
        { Namespace: 'Verbatim', MetricName: 'FixityMissing', Dimensions: [{ Name: 'service', Value: 'verbatim-audit' }] },
        'Sum',
      ],
      [
        'chainBreaks',
        { Namespace: 'Verbatim', MetricName: 'FixityChainBreaks', Dimensions: [{ Name: 'service', Value: 'verbatim-audit' }] },
        'Sum',
      ],
    ]);
  });

  it('fire when the audit function fails', () => {
    const [auditId] = fn('audit');
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(auditId) }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
  });

  it('notify the alarm topic on alarm and on recovery', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(7);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(topicId())]);
      expect(alarm.Properties.OKActions).toEqual([ref(topicId())]);
    }
  });

  it('use an encrypted, TLS-only topic whose key and policy let CloudWatch publish', () => {
    const [, topic] = only('AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    expect(resources[keyId]!.Properties.EnableKeyRotation).toBe(true);
    expect(resources[keyId]!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    const [, policy] = only('AWS::SNS::TopicPolicy');
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
      ]),
    );
  });

  it('have no email subscription unless alarmEmail is set', () => {
    expect(ofType('AWS::SNS::Subscription')).toEqual([]);
  });
});

describe('outputs', () => {
  it('name the API URL, bucket, table and keys secret', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'BucketName', 'TableName', 'KeysSecretArn']));
    expect(outputs.TableName!.Value).toEqual(ref(only('AWS::DynamoDB::Table')[0]));
    expect(outputs.KeysSecretArn!.Value).toEqual(
      ref(only('AWS::SecretsManager::Secret', (r) => r.Properties.SecretString !== undefined)[0]),
    );
  });
});
