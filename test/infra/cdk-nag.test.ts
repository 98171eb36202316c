import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledge } from '../../infra/acknowledge.js';
import { createVerbatimApp } from '../../infra/verbatim-app.js';
import { buildApp, cdkJsonContext, removeTempDirs, tempDir, TEST_SOURCES, writeSourcesFile, type BuiltApp } from './build-app.js';

afterAll(removeTempDirs);

interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[] }[];
}

/** Every `Validations.of(x).acknowledge()` in the tree: construct path, rule id, reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^Annotation::/i, ''),
          reason,
        })),
      ),
  );
}

let built: BuiltApp;

beforeAll(() => {
  built = buildApp({ sourcesFile: writeSourcesFile(TEST_SOURCES) });
}, 60_000);

describe('cdk-nag', () => {
  it('finds nothing unacknowledged: the synthesized validation report is empty', () => {
    const report = JSON.parse(readFileSync(join(built.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    expect(report.pluginReports.flatMap((p) => p.violations.map((v) => `${p.pluginName} ${v.ruleName}`))).toEqual([]);
  });

  it('finds nothing when the AwsSolutions and Serverless packs walk the tree directly', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(built.app);
      expect(
        report.violations.map((v) => v.ruleName),
        pack.name,
      ).toEqual([]);
      expect(report.success).toBe(true);
    }
  });

  it('leaves no CDK warnings or errors on any construct', () => {
    const manifest = JSON.parse(readFileSync(join(built.outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { metadata?: Record<string, { type: string; data: unknown }[]> }>;
    };
    const problems = Object.values(manifest.artifacts).flatMap((artifact) =>
      Object.entries(artifact.metadata ?? {}).flatMap(([path, entries]) =>
        entries.filter((e) => e.type === 'aws:cdk:warning' || e.type === 'aws:cdk:error').map((e) => `${path}: ${String(e.data)}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('acknowledges exactly the expected findings, each on the resource that raises it, with a reason', () => {
    const acks = acknowledgements(built.app);
    for (const ack of acks) expect(ack.reason.trim().length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    const bucketId = built.stack.getLogicalId(built.stack.node.findChild('Archive').node.findChild('Artifacts').node.defaultChild as never);
    const stack = built.stack.stackName;
    const found = acks.map((a) => `${a.path.replace(`${stack}/`, '').replace(/SqsEventSource:[^/]+/, 'SqsEventSource')} ${a.id}`);
    expect(found.sort()).toEqual(
      [
        'Api/Function/Resource Serverless-LambdaDLQ',
        'Api/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        `Api/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        `Api/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/exports/*]`,
        'ApiKeys/AdminKeySeed/Resource AwsSolutions-SMG4',
        'ApiKeys/Keys/Resource AwsSolutions-SMG4',
        'ApiKeys/ReadKeySeed/Resource AwsSolutions-SMG4',
        'Audit/Function/Resource Serverless-LambdaDLQ',
        'Audit/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        `Audit/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        'Archive/AccessLogs/Resource AwsSolutions-S1',
        'Capture/Function/Resource Serverless-LambdaDLQ',
        'Capture/Function/SqsEventSource/Resource Serverless-LambdaEventSourceMappingDestination',
        'Capture/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        `Capture/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        'CaptureQueue/DeadLetters/Resource Serverless-SQSRedrivePolicy',
        'Dispatch/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        'DispatchDeadLetters/Resource Serverless-SQSRedrivePolicy',
        'Http/Api/DefaultRoute/Resource AwsSolutions-APIG4',
        'SigningKey/Secret/Resource AwsSolutions-SMG4',
      ].sort(),
    );
  });

  it('records every acknowledgement in the template metadata for audit', () => {
    const resources = built.template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: unknown } }>;
    const recorded = Object.values(resources).flatMap(
      (r) => (r.Metadata?.cdk_nag as { rules_to_suppress: { id: string; reason: string }[] } | undefined)?.rules_to_suppress ?? [],
    );
    expect(recorded.length).toBe(acknowledgements(built.app).length);
    for (const rule of recorded) expect(rule.reason.length).toBeGreaterThan(60);
  });

  it('fails synthesis on a new finding, so the checks are live', () => {
    const { app, stack } = createVerbatimApp({
      outdir: tempDir('nag-negative'),
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], sourcesFile: writeSourcesFile(TEST_SOURCES) },
    });
    new sqs.Queue(stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });

  it('refuses an acknowledgement without a reason', () => {
    expect(() => acknowledge(built.stack, 'AwsSolutions-S1', '  ')).toThrow(/needs a reason/);
  });
});
