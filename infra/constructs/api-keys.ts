import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

const KEY_OPTIONS: secretsmanager.SecretStringGenerator = {
  passwordLength: 48,
  excludePunctuation: true,
  includeSpace: false,
};

/**
 * The bearer keys as one JSON secret `{adminKey, readKey}`, the only secret the API reads.
 * Secrets Manager generates one value per secret, so each key is generated in its own seed secret
 * and CloudFormation copies both into `keys` through dynamic references when it creates it; the
 * values never appear in the template. CloudFormation copies them again whenever a deployment
 * changes this resource, so rotate by writing the new keys to the seeds as well as to `keys`.
 */
export class ApiKeys extends Construct {
  readonly keys: secretsmanager.Secret;
  readonly seeds: secretsmanager.Secret[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const adminSeed = new secretsmanager.Secret(this, 'AdminKeySeed', {
      description: 'Verbatim: generated admin bearer key, copied into the keys secret at creation',
      generateSecretString: KEY_OPTIONS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const readSeed = new secretsmanager.Secret(this, 'ReadKeySeed', {
      description: 'Verbatim: generated read bearer key, copied into the keys secret at creation',
      generateSecretString: KEY_OPTIONS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.seeds = [adminSeed, readSeed];
    for (const seed of this.seeds) {
      acknowledge(
        seed,
        'AwsSolutions-SMG4',
        'A seed only holds the value Secrets Manager generated for one key, which CloudFormation copies into the keys secret; no function may read it, and rotating it on a schedule would not reach the keys secret, so it is rotated together with the keys secret by an operator.',
      );
    }
    this.keys = new secretsmanager.Secret(this, 'Keys', {
      description: 'Verbatim API bearer keys: {"adminKey": ..., "readKey": ...}',
      secretObjectValue: { adminKey: adminSeed.secretValue, readKey: readSeed.secretValue },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.keys,
      'AwsSolutions-SMG4',
      'These are bearer keys held by people (archivists, researchers), not credentials between services: a scheduled rotation would lock every client out without handing them the new key. An operator rotates them on purpose (new values in the seeds and in this secret) and gives the new keys to the clients.',
    );
  }
}
