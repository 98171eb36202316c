import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

import {
  AUDIT_METRICS,
  AUDIT_SERVICE,
  CAPTURE_METRICS,
  CAPTURE_SERVICE,
  METRICS_NAMESPACE,
} from '../../functions/lib/core/metric-names.js';

export interface AlarmsProps {
  deadLetterQueues: Record<string, sqs.IQueue>;
  capture: lambda.IFunction;
  /** The scheduled fixity audit function. */
  audit: lambda.IFunction;
  api: apigwv2.IHttpApi;
  email?: string;
}

/**
 * Alarms for what needs a person: a job in any dead-letter queue, capture invocations failing
 * (crashes and timeouts; a failed page is a recorded snapshot, not an error) and any API 5xx,
 * which the contract says never comes from client input; a fixity audit that finds altered, missing
 * or unchained evidence, and an audit that fails to run. The audit alarms ignore the hours between
 * runs, so each holds the last audit's verdict until the next one. All of them notify one encrypted topic.
 * The topic's key is customer managed because CloudWatch cannot publish to a topic encrypted with
 * the AWS managed SNS key; the topic policy limits publishing to this account's alarms.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alarmArns = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.key = new kms.Key(this, 'TopicKey', {
      description: 'Verbatim alarm topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Verbatim alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
      }),
    );
    if (props.email) {
      const subscription = new sns.Subscription(this, 'Email', {
        topic: this.topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: props.email,
      });
      acknowledge(
        subscription,
        'Serverless-SNSRedrivePolicy',
        'An undeliverable alarm email would land in a dead-letter queue that nobody reads unless it raised another alarm on this same topic; the alarm that sent it stays in ALARM, with its history, in CloudWatch.',
      );
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}DeadLetters`, {
        alarmDescription: `A job is in the ${name} dead-letter queue: it failed every attempt. Inspect it, fix the cause, then redrive it.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const period = Duration.minutes(15);
    this.add('CaptureFailureRate', {
      alarmDescription: 'More than 10% of capture invocations in 15 minutes ended in an error (crash, timeout or out of memory).',
      metric: new cloudwatch.MathExpression({
        label: 'capture failure rate (%)',
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        usingMetrics: {
          errors: props.capture.metricErrors({ period, statistic: 'Sum' }),
          invocations: props.capture.metricInvocations({ period, statistic: 'Sum' }),
        },
        period,
      }),
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const capturedPages = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: CAPTURE_SERVICE },
        period: Duration.hours(1),
        statistic: 'Sum',
      });
    this.add('PageFailureRate', {
      alarmDescription:
        'More than half of the pages captured in two consecutive hours were recorded as failed snapshots (unreachable, HTTP errors, refused or timed out); sources may be down or blocking the archive.',
      metric: new cloudwatch.MathExpression({
        label: 'failed captures (%)',
        expression: 'IF(failed + succeeded >= 5, 100 * failed / (failed + succeeded), 0)',
        usingMetrics: { failed: capturedPages(CAPTURE_METRICS.failed), succeeded: capturedPages(CAPTURE_METRICS.succeeded) },
        period: Duration.hours(1),
      }),
      threshold: 50,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const audited = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: AUDIT_SERVICE },
        period: Duration.hours(1),
        statistic: 'Sum',
      });
    this.add('FixityProblems', {
      alarmDescription:
        'The last fixity audit found archived evidence whose bytes no longer match the recorded SHA-256, that is missing from the bucket, or a broken manifest chain (a past capture altered or deleted). The audit record names each snapshot and artifact; POST /verify lists them all.',
      metric: new cloudwatch.MathExpression({
        label: 'fixity problems',
        expression: 'mismatches + missing + chainBreaks',
        usingMetrics: {
          mismatches: audited(AUDIT_METRICS.mismatches),
          missing: audited(AUDIT_METRICS.missing),
          chainBreaks: audited(AUDIT_METRICS.chainBreaks),
        },
        period: Duration.hours(1),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.add('AuditErrors', {
      alarmDescription: 'The scheduled fixity audit failed (an error, a timeout or out of memory), so the archive went unverified.',
      metric: props.audit.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });

    this.add('Api5xx', {
      alarmDescription: 'The API answered 5xx in the last 5 minutes.',
      metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private add(id: string, props: cloudwatch.AlarmProps): void {
    const alarm = new cloudwatch.Alarm(this, id, props);
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
