import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { NonRetryableError } from '../core/errors.js';
import { toDomainError } from './aws-errors.js';

const keysSchema = z.object({ adminKey: z.string().min(16), readKey: z.string().min(16) });

/** Reads the API keys (`{adminKey, readKey}` JSON) from Secrets Manager. The values are never logged. */
export async function loadKeysFromSecret(region: string, secretArn: string): Promise<z.infer<typeof keysSchema>> {
  let text: string | undefined;
  try {
    const res = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: secretArn }));
    text = res.SecretString;
  } catch (err) {
    throw toDomainError(err, 'read API keys secret');
  }
  const parsed = keysSchema.safeParse(JSON.parse(text ?? '{}'));
  if (!parsed.success) throw new NonRetryableError('the API keys secret must hold {adminKey, readKey}, each at least 16 characters');
  return parsed.data;
}
