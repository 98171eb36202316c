import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Global secondary indexes, each keyed `<name>PK` / `<name>SK`; the README maps access patterns to them. */
export const INDEX_NAMES = ['GSI1', 'GSI2', 'GSI3'] as const;

/**
 * The single table behind every route: sources, snapshots, artifacts, claims and their history,
 * keyed `PK`/`SK` with three overloaded GSIs projecting keys only: a listing is one Query plus one
 * BatchGetItem, and each snapshot is stored once (the same layout `ensureTable` creates locally).
 * On-demand, point-in-time recovery, deletion protection and RETAIN: the index is rebuilt from
 * nothing else.
 */
export class IndexTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const name of INDEX_NAMES) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: `${name}PK`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${name}SK`, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.KEYS_ONLY,
      });
    }
  }
}
