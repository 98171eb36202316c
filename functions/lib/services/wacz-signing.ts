import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { NonRetryableError } from '../core/errors.js';
import type { SignedData, WaczSigner } from '../core/ports.js';
import { VERBATIM_VERSION } from '../core/version.js';

/**
 * The curve and hash of WACZ anonymous signatures as ArchiveWeb.page writes them and ReplayWeb.page
 * checks them: ECDSA over P-384, SHA-256 of the UTF-8 `hash` string, the signature in IEEE P1363
 * (r‖s) form, and the public key as base64 SPKI DER.
 */
export const WACZ_SIGNATURE_ALGORITHM = 'ECDSA P-384 with SHA-256 (IEEE P1363), public key base64 SPKI';

const P384_ORDER = BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');

export class SigningKeyError extends NonRetryableError {
  override name = 'SigningKeyError';
}

/** A new P-384 private key as PKCS#8 PEM, for a local key file or for ops to put in the secret. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Turns key material into the signing key. A PEM must be an EC P-384 private key. Anything else is
 * taken as a random seed (at least 32 characters, as the CDK-generated secret is), from which the
 * key is derived with HKDF-SHA-384, so the deployed secret never has to be written by a function.
 */
export function signingKeyFrom(material: string): KeyObject {
  const text = material.trim();
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey(text);
    } catch (err) {
      throw new SigningKeyError(`the signing key is not a readable PEM private key (${(err as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
      throw new SigningKeyError('the signing key must be an ECDSA P-384 (secp384r1) private key');
    }
    return key;
  }
  if (text.length < 32) throw new SigningKeyError('the signing key seed must be at least 32 characters, or a PEM ECDSA P-384 private key');
  const okm = Buffer.from(hkdfSync('sha384', text, 'verbatim-wacz-signing', 'p-384 private scalar', 56));
  const scalar = (BigInt(`0x${okm.toString('hex')}`) % (P384_ORDER - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(96, '0'), 'hex');
  const ecdh = createECDH('secp384r1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-384',
      d: d.toString('base64url'),
      x: point.subarray(1, 49).toString('base64url'),
      y: point.subarray(49).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** The public half as the spec carries it: base64 SPKI DER. */
export function publicKeyOf(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** SHA-256 of the SPKI DER, hex: a short name for a key that archivists can compare out of band. */
export function publicKeyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}

/** Signs with a key loaded once from its material (a file, a secret). */
export class EcdsaWaczSigner implements WaczSigner {
  private key?: Promise<KeyObject>;

  constructor(private readonly loadMaterial: () => Promise<string>) {}

  private signingKey(): Promise<KeyObject> {
    this.key ??= this.loadMaterial().then(signingKeyFrom);
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  async publicKey(): Promise<string> {
    return publicKeyOf(await this.signingKey());
  }

  async sign(hash: string, created: Date): Promise<SignedData> {
    const key = await this.signingKey();
    return {
      hash,
      signature: sign('sha256', Buffer.from(hash, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }).toString('base64'),
      publicKey: publicKeyOf(key),
      created: created.toISOString(),
      software: `Verbatim ${VERBATIM_VERSION}`,
      version: VERBATIM_VERSION,
    };
  }
}

/** True when `signature` is the key's signature of `hash`; false for any malformed part. */
export function verifySignedData(data: Pick<SignedData, 'hash' | 'signature' | 'publicKey'>): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(data.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec') return false;
    return verify('sha256', Buffer.from(data.hash, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(data.signature, 'base64'));
  } catch {
    return false;
  }
}
