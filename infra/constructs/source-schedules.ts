import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { type DiscoverySettings, discoverySettingsOf, type Source } from '../../functions/lib/core/sources.js';

/** What EventBridge Scheduler hands the dispatch function for every run of a source (with its discovery settings). */
interface DispatchInput extends DiscoverySettings {
  sourceId: string;
  url: string;
  extractor: Source['extractor'];
  schedule: string;
}

/** How often the sweep enqueues due sources registered through `POST /sources`, and due article recaptures. */
const SWEEP_SCHEDULE = 'rate(5 minutes)';

export interface SourceSchedulesProps {
  sources: Source[];
  dispatch: lambda.IFunction;
  groupName: string;
}

/**
 * One EventBridge Scheduler schedule per source, named by the source id (a hash of its URL), so
 * editing a source's schedule updates its schedule in place and removing it deletes it; plus one
 * sweep schedule that runs the sources registered through the API. All of them share one role
 * whose only permission is invoking the dispatch function.
 */
export class SourceSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: SourceSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.groupName,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler: invoke the Verbatim dispatch function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.dispatch.functionArn] }));
    this.schedules.push(
      new scheduler.Schedule(this, 'ApiSourcesSweep', {
        scheduleName: 'api-sources-sweep',
        scheduleGroup: this.group,
        description: 'Enqueue the due sources registered through POST /sources',
        schedule: scheduler.ScheduleExpression.expression(SWEEP_SCHEDULE),
        target: new DispatchTarget(props.dispatch, this.role, { sweep: true }),
      }),
    );
    for (const source of props.sources) {
      const input: DispatchInput = {
        sourceId: source.id,
        url: source.url,
        extractor: source.extractor,
        schedule: source.schedule,
        ...discoverySettingsOf(source),
      };
      this.schedules.push(
        new scheduler.Schedule(this, source.id, {
          scheduleName: source.id,
          scheduleGroup: this.group,
          description: truncate(`${source.extractor} ${source.url}`, 512),
          schedule: scheduler.ScheduleExpression.expression(source.schedule),
          target: new DispatchTarget(props.dispatch, this.role, input),
        }),
      );
    }
  }
}

/** Invokes the unqualified dispatch function, the one ARN the role may invoke. */
class DispatchTarget implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.IRole,
    private readonly input: DispatchInput | { sweep: true },
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    return {
      arn: this.fn.functionArn,
      role: this.role,
      input: scheduler.ScheduleTargetInput.fromObject(this.input),
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() },
    };
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
