import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSigningKeyPem } from '../services/wacz-signing.js';

/**
 * The local WACZ signing key: a PEM file, generated on first use and kept with mode 600. The file
 * is created exclusively, so two processes starting at once end up with the same key.
 */
export async function loadSigningKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, generateSigningKeyPem(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFile(file, 'utf8');
}
