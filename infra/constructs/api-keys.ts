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
 * values never appear in the template. Rotate by writing a new `{adminKey, readKey}` to `keys`.
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
        'A seed only holds the value Secrets Manager generated for one key; CloudFormation reads it once, when it creates the keys secret, and no function may read it, so rotating it would change nothing.',
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
      'These are bearer keys held by people (archivists, researchers), not credentials between services: a scheduled rotation would lock every client out without handing them the new key. An operator rotates them by writing a new {adminKey, readKey} version and giving it to the clients.',
    );
  }
}
