import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

/**
 * The WACZ signing key's material. Secrets Manager generates a 64-character seed at deploy time and
 * the API derives the ECDSA P-384 key from it, so no function ever writes the secret. An operator may
 * instead put a PEM P-384 private key here (an institution's existing key). The secret outlives the
 * stack: packages signed by it must stay checkable against the same public key.
 */
export class SigningKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Verbatim WACZ signing key: a generated seed the ECDSA P-384 key is derived from, or a PEM private key',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      "The signing key is the archive's identity: researchers check WACZ signatures against its published public key, so a scheduled rotation would silently make new packages unverifiable against it. An operator rotates it on purpose and publishes the new key (GET /signing-key).",
    );
  }
}
