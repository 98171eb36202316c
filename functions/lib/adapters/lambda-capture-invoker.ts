import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { StorageUnavailableError } from '../core/errors.js';
import type { CaptureJob } from '../core/ports.js';
import type { CaptureOutcome } from '../services/capture-service.js';
import { toDomainError } from './aws-errors.js';

/**
 * Runs one capture in the capture function and waits for it (`POST /captures` on AWS): the API
 * function has no browser, and API Gateway answers within 30 s, so the capture runs there with a
 * deadline that fits.
 */
export class LambdaCaptureInvoker {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  static create(region: string, functionName: string): LambdaCaptureInvoker {
    return new LambdaCaptureInvoker(new LambdaClient({ region }), functionName);
  }

  async capture(job: CaptureJob): Promise<CaptureOutcome> {
    let res: InvokeCommandOutput;
    try {
      res = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify({ job })),
        }),
      );
    } catch (err) {
      throw toDomainError(err, 'invoke the capture function');
    }
    const body = res.Payload ? new TextDecoder().decode(res.Payload) : '';
    if (res.FunctionError) {
      let reason = res.FunctionError;
      try {
        reason = (JSON.parse(body) as { errorMessage?: string }).errorMessage ?? reason;
      } catch {
        /* keep the error type */
      }
      throw new StorageUnavailableError(`the capture function failed: ${reason}`);
    }
    return JSON.parse(body) as CaptureOutcome;
  }
}
