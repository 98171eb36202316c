import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { CaptureJob } from '../core/ports.js';
import { toDomainError } from './aws-errors.js';

/** The capture queue on AWS: one message per job, the job key as a message attribute. */
export class SqsJobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  static create(region: string, queueUrl: string, instrument: <T>(client: T) => T = (c) => c): SqsJobQueue {
    return new SqsJobQueue(instrument(new SQSClient({ region })), queueUrl);
  }

  /** `delaySeconds` (0–900) keeps the message invisible that long, e.g. until a busy host is free. */
  async send(job: CaptureJob, delaySeconds?: number): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(job),
          ...(delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(delaySeconds))) } : {}),
          MessageAttributes: { jobKey: { DataType: 'String', StringValue: job.jobKey } },
        }),
      );
    } catch (err) {
      throw toDomainError(err, 'enqueue capture');
    }
  }
}
