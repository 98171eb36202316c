import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

export interface CaptureQueueProps {
  /** Timeout of the consuming function; the visibility timeout is six times this, as Lambda advises. */
  consumerTimeout: Duration;
  /** Receives before a job moves to the dead-letter queue. */
  maxReceiveCount: number;
}

/**
 * Capture jobs between dispatch and capture. A job that fails `maxReceiveCount` times lands in the
 * dead-letter queue (kept 14 days) instead of blocking the queue or the scheduler.
 */
export class CaptureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: CaptureQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeEndOfRedriveChain(this.deadLetterQueue);
    this.queue = new sqs.Queue(this, 'Jobs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}

/** A dead-letter queue is where redrive ends; an alarm fires on its depth and an operator redrives it. */
export function acknowledgeEndOfRedriveChain(queue: sqs.IQueue): void {
  acknowledge(
    queue,
    'Serverless-SQSRedrivePolicy',
    'This is a dead-letter queue, the end of the redrive chain: nothing consumes it automatically, an alarm fires when it holds a message, and an operator inspects and redrives the jobs after fixing the cause.',
  );
}
