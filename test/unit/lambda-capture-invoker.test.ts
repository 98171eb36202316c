import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { LambdaCaptureInvoker } from '../../functions/lib/adapters/lambda-capture-invoker.js';
import { StorageUnavailableError } from '../../functions/lib/core/errors.js';

/** No emulator runs Lambda, so the Invoke answers (and its failure modes) are mocked here. */
const job = {
  sourceId: 'src_0123456789abcdef',
  url: 'https://news.example/ok',
  extractor: 'auto' as const,
  slot: '2024-12-03T10:00:00.000Z',
  jobKey: 'api:1',
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('LambdaCaptureInvoker', () => {
  it('invokes the capture function synchronously with {job} and returns its outcome', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ snapshot: { id: 's1', status: 'captured' } }) as never });

    const outcome = await new LambdaCaptureInvoker(new LambdaClient({ region: 'us-east-1' }), 'verbatim-capture').capture(job);

    expect(outcome.snapshot).toEqual({ id: 's1', status: 'captured' });
    const call = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(call).toMatchObject({ FunctionName: 'verbatim-capture', InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(call.Payload as Uint8Array))).toEqual({ job });
    lambda.restore();
  });

  it('turns a function error into a retryable error naming the cause', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: encode({ errorMessage: 'Task timed out after 180.00 seconds' }) as never,
    });

    const failure = new LambdaCaptureInvoker(new LambdaClient({ region: 'us-east-1' }), 'verbatim-capture').capture(job);

    await expect(failure).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(failure).rejects.toThrow(/Task timed out/);
    lambda.restore();
  });

  it('turns throttling of the invoke into a retryable error', async () => {
    const lambda = mockClient(LambdaClient);
    lambda
      .on(InvokeCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }));

    await expect(
      new LambdaCaptureInvoker(new LambdaClient({ region: 'us-east-1' }), 'verbatim-capture').capture(job),
    ).rejects.toBeInstanceOf(StorageUnavailableError);
    lambda.restore();
  });
});
