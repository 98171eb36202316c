import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PolitenessLimits } from '../core/discovery/politeness.js';
import type { HostGate } from '../core/ports.js';
import { conditionalWrite } from './aws-errors.js';

/**
 * Politeness across concurrent capture Lambdas, in the table:
 *
 * | item       | PK            | SK         | attributes          |
 * |------------|---------------|------------|---------------------|
 * | slot i     | `HOST#<host>` | `SLOT#<i>` | `holder`, `until`   |
 * | last start | `HOST#<host>` | `START`    | `at`                |
 *
 * A capture takes the first free slot (absent, or held past `until`, so a crashed capture frees
 * its slot after `holdMs`), then moves `START` forward only if the last start was `intervalMs`
 * ago. Both are conditional writes; a capture that gets neither is put back on the queue with a
 * delay, so a busy host never holds a Lambda while other hosts wait.
 */
export class DynamoHostGate implements HostGate {
  private readonly held = new Map<string, string>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limits: PolitenessLimits & { holdMs: number },
  ) {}

  async acquire(host: string, token: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const t = now.getTime();
    let slot: string | undefined;
    for (let i = 0; i < this.limits.perHost && !slot; i++) {
      if (
        await this.tryPut(
          host,
          `SLOT#${i}`,
          { holder: token, until: t + this.limits.holdMs },
          'attribute_not_exists(PK) OR #until < :now',
          { ':now': t },
          { '#until': 'until' },
        )
      ) {
        slot = `SLOT#${i}`;
      }
    }
    if (!slot) return { ok: false, retryAfterMs: Math.max(this.limits.intervalMs, 5_000) };
    const spaced = await this.tryPut(
      host,
      'START',
      { at: t },
      'attribute_not_exists(PK) OR #at <= :earliest',
      { ':earliest': t - this.limits.intervalMs },
      { '#at': 'at' },
    );
    if (!spaced) {
      await this.free(host, slot, token);
      return { ok: false, retryAfterMs: Math.max(this.limits.intervalMs, 1_000) };
    }
    this.held.set(`${host} ${token}`, slot);
    return { ok: true };
  }

  async release(host: string, token: string): Promise<void> {
    const slot = this.held.get(`${host} ${token}`);
    if (!slot) return;
    this.held.delete(`${host} ${token}`);
    await this.free(host, slot, token);
  }

  private async free(host: string, slot: string, token: string): Promise<void> {
    await conditionalWrite('release host slot', () =>
      this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { PK: `HOST#${host}`, SK: slot },
          ConditionExpression: 'holder = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      ),
    );
  }

  private async tryPut(
    host: string,
    sk: string,
    attributes: Record<string, unknown>,
    condition: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
  ): Promise<boolean> {
    return conditionalWrite('take host slot', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: `HOST#${host}`, SK: sk, type: 'host-gate', ...attributes },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      ),
    );
  }
}
