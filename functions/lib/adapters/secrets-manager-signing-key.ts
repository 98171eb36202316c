import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NonRetryableError } from '../core/errors.js';
import { toDomainError } from './aws-errors.js';

/** Reads the WACZ signing key material (PEM or seed) from Secrets Manager. The value is never logged. */
export async function loadSigningKeyFromSecret(region: string, secretArn: string): Promise<string> {
  try {
    const res = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!res.SecretString) throw new NonRetryableError('the signing key secret has no string value');
    return res.SecretString;
  } catch (err) {
    throw toDomainError(err, 'read signing key secret');
  }
}
