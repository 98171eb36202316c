import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

/** The name of the audit's schedule inside the stage's schedule group. */
const AUDIT_SCHEDULE_NAME = 'fixity-audit';

export interface AuditScheduleProps {
  audit: lambda.IFunction;
  group: scheduler.IScheduleGroup;
  /** EventBridge Scheduler expression, for example `rate(1 day)`. */
  schedule: string;
}

/**
 * Runs the fixity audit function on its schedule, in the stage's schedule group, through a role of
 * its own whose only permission is invoking that function (the source schedules' role cannot).
 */
export class AuditSchedule extends Construct {
  readonly role: iam.Role;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: AuditScheduleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler: invoke the Verbatim fixity audit function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.audit.functionArn] }));
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: AUDIT_SCHEDULE_NAME,
      scheduleGroup: props.group,
      description: 'Re-hash every archived artifact and check every manifest chain; the result is recorded as an audit',
      schedule: scheduler.ScheduleExpression.expression(props.schedule),
      target: new AuditTarget(props.audit, this.role),
    });
  }
}

/** Invokes the unqualified audit function, the one ARN the role may invoke. The audit needs no input. */
class AuditTarget implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.IRole,
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    return {
      arn: this.fn.functionArn,
      role: this.role,
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() },
    };
  }
}
