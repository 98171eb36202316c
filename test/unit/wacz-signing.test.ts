import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EcdsaWaczSigner,
  generateSigningKeyPem,
  publicKeyOf,
  signingKeyFrom,
  SigningKeyError,
  verifySignedData,
} from '../../functions/lib/services/wacz-signing.js';

const HASH = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SEED = 'K9yq2vX3tZ8wP5mN1rL7bC4dF6gH0jS2aQ8eU5iO3pW';

describe('WACZ signing', () => {
  it('signs a digest so that the public key carried with it verifies it', async () => {
    const signer = new EcdsaWaczSigner(async () => generateSigningKeyPem());

    const signed = await signer.sign(HASH, new Date('2026-11-28T01:00:00Z'));

    expect(signed).toMatchObject({ hash: HASH, created: '2026-11-28T01:00:00.000Z', publicKey: await signer.publicKey() });
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(96);
    expect(verifySignedData(signed)).toBe(true);
  });

  it('produces signatures that WebCrypto verifies the way ReplayWeb.page does (P-384, SHA-256, raw r‖s)', async () => {
    const signed = await new EcdsaWaczSigner(async () => SEED).sign(HASH, new Date());

    const key = await webcrypto.subtle.importKey(
      'spki',
      Buffer.from(signed.publicKey, 'base64'),
      { name: 'ECDSA', namedCurve: 'P-384' },
      false,
      ['verify'],
    );
    const valid = await webcrypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      Buffer.from(signed.signature, 'base64'),
      new TextEncoder().encode(HASH),
    );

    expect(valid).toBe(true);
  });

  it('rejects a signature over a different hash, or checked with another key', async () => {
    const signed = await new EcdsaWaczSigner(async () => SEED).sign(HASH, new Date());
    const other = publicKeyOf(signingKeyFrom(generateSigningKeyPem()));

    expect(verifySignedData({ ...signed, hash: HASH.replace('9f86', '0f86') })).toBe(false);
    expect(verifySignedData({ ...signed, publicKey: other })).toBe(false);
    expect(verifySignedData({ ...signed, signature: 'not base64 at all!' })).toBe(false);
  });

  it('derives the same key from the same seed, and different keys from different seeds', () => {
    const a = publicKeyOf(signingKeyFrom(SEED));

    expect(publicKeyOf(signingKeyFrom(`  ${SEED}\n`))).toBe(a);
    expect(publicKeyOf(signingKeyFrom(`${SEED}x`))).not.toBe(a);
  });

  it('refuses short seeds and keys on other curves', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    expect(() => signingKeyFrom('too-short')).toThrow(SigningKeyError);
    expect(() => signingKeyFrom(p256)).toThrow(/P-384/);
    expect(() => signingKeyFrom('-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----')).toThrow(SigningKeyError);
  });

  it('loads the key again after a failed load instead of caching the failure', async () => {
    let calls = 0;
    const signer = new EcdsaWaczSigner(async () => (++calls === 1 ? Promise.reject(new Error('secret unavailable')) : SEED));

    await expect(signer.publicKey()).rejects.toThrow('secret unavailable');
    await expect(signer.publicKey()).resolves.toBe(publicKeyOf(signingKeyFrom(SEED)));
  });
});
