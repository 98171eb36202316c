import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/lib/config.js';
import { parseSettings, REPO_ROOT, SettingsError } from '../../infra/settings.js';
import { createVerbatimApp } from '../../infra/verbatim-app.js';
import { buildApp, cdkJsonContext, removeTempDirs, tempDir, TEST_SOURCES, writeSourcesFile, type BuiltApp } from './build-app.js';

afterAll(removeTempDirs);

const settingsFrom = (context: Record<string, unknown>) => parseSettings((key) => context[key]);

describe('settings from context', () => {
  it('default to stage dev, the repository sources file and a small capture fleet', () => {
    expect(settingsFrom({})).toEqual({
      stage: 'dev',
      sourcesFile: join(REPO_ROOT, 'sources.json'),
      glacierAfterDays: undefined,
      objectLockDays: undefined,
      noncurrentVersionDays: 90,
      alarmEmail: undefined,
      captureConcurrency: 2,
      maxAttempts: 3,
      apiRateLimit: 20,
      apiBurstLimit: 40,
      auditSchedule: 'rate(1 day)',
      skipBundling: false,
    });
  });

  it('accept the strings `cdk -c key=value` passes', () => {
    const settings = settingsFrom({
      stage: 'prod',
      sourcesFile: 'config/prod-sources.json',
      glacierAfterDays: '30',
      objectLockDays: '3650',
      captureConcurrency: '5',
      alarmEmail: 'ops@example.org',
      auditSchedule: 'cron(0 3 ? * 1 *)',
      skipBundling: 'true',
    });
    expect(settings).toMatchObject({
      stage: 'prod',
      sourcesFile: join(REPO_ROOT, 'config/prod-sources.json'),
      glacierAfterDays: 30,
      objectLockDays: 3650,
      captureConcurrency: 5,
      alarmEmail: 'ops@example.org',
      auditSchedule: 'cron(0 3 ? * 1 *)',
      skipBundling: true,
    });
  });

  it.each([
    [{ stage: 'my stage' }, /stage/],
    [{ glacierAfterDays: '0' }, /glacierAfterDays/],
    [{ objectLockDays: 'ten' }, /objectLockDays/],
    [{ captureConcurrency: '1' }, /captureConcurrency.*2 to 1000/],
    [{ maxAttempts: 2.5 }, /maxAttempts/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
    [{ skipBundling: 'yes' }, /skipBundling/],
    [{ auditSchedule: 'daily' }, /auditSchedule/],
    [{ auditSchedule: 'cron(0 3 * * * *)' }, /auditSchedule.*day-of-month or day-of-week/],
  ])('refuse %j, naming the key', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(SettingsError);
    expect(() => settingsFrom(context)).toThrow(message);
  });

  it('stop synthesis when the sources file is missing or invalid', () => {
    const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] };
    const missing = join(tempDir('missing'), 'sources.json');
    expect(() => createVerbatimApp({ outdir: tempDir('out'), context: { ...context, sourcesFile: missing } })).toThrow(
      /cannot read the sources file/,
    );
    const invalid = writeSourcesFile([{ url: 'ftp://example.org/', schedule: 'rate(1 hour)' }]);
    expect(() => createVerbatimApp({ outdir: tempDir('out'), context: { ...context, sourcesFile: invalid } })).toThrow(/sources\[0\]/);
    const badSchedule = writeSourcesFile([{ url: 'https://example.org/', schedule: 'every hour' }]);
    expect(() => createVerbatimApp({ outdir: tempDir('out'), context: { ...context, sourcesFile: badSchedule } })).toThrow(/schedule/);
  });
});

describe('a production-style deployment', () => {
  let built: BuiltApp;
  const resources = () => built.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const ofType = (type: string) => Object.values(resources()).filter((r) => r.Type === type);

  beforeAll(() => {
    built = buildApp({
      stage: 'prod',
      sourcesFile: writeSourcesFile(TEST_SOURCES),
      glacierAfterDays: '30',
      objectLockDays: '3650',
      alarmEmail: 'ops@example.org',
      captureConcurrency: '5',
      maxAttempts: '4',
      auditSchedule: 'cron(0 3 ? * 1 *)',
    });
  }, 60_000);

  it('names the stack and schedule group after the stage', () => {
    expect(built.stack.stackName).toBe('Verbatim-prod');
    expect(ofType('AWS::Scheduler::ScheduleGroup')[0]!.Properties.Name).toBe('verbatim-prod');
  });

  it('locks artifacts in compliance mode and moves them to Glacier Instant Retrieval', () => {
    const [bucket] = ofType('AWS::S3::Bucket').filter((b) => b.Properties.LoggingConfiguration);
    expect(bucket!.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket!.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
    });
    const rules = bucket!.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
    expect(rules.flatMap((r) => r.Transitions ?? [])).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }]);
  });

  it('subscribes the alarm email to the alarm topic', () => {
    const [subscription] = ofType('AWS::SNS::Subscription');
    expect(subscription!.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('runs the fixity audit on the schedule from context', () => {
    const audit = ofType('AWS::Scheduler::Schedule').filter((r) => r.Properties.Name === 'fixity-audit');
    expect(audit.map((r) => r.Properties.ScheduleExpression)).toEqual(['cron(0 3 ? * 1 *)']);
  });

  it('uses the same attempt count for the redrive policy and the capture function', () => {
    const [queue] = ofType('AWS::SQS::Queue').filter((q) => q.Properties.RedrivePolicy);
    expect(queue!.Properties.RedrivePolicy.maxReceiveCount).toBe(4);
    const capture = ofType('AWS::Lambda::Function').find((f) => String(f.Properties.Description).startsWith('Verbatim capture'));
    expect(capture!.Properties.Environment.Variables[ENV.maxAttempts]).toBe('4');
    expect(ofType('AWS::Lambda::EventSourceMapping')[0]!.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 5 });
  });
});
