import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export interface ApiKeys {
  adminKey: string;
  readKey: string;
}

/**
 * The local runtime's API keys: the given ones, else those kept in `file` (mode 600), else new
 * random keys written there. `generated` says the file was (re)written, so the caller prints them once.
 */
export async function loadKeysFile(file: string, given: Partial<ApiKeys>): Promise<ApiKeys & { generated: boolean }> {
  let stored: Partial<ApiKeys> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    stored = {};
  }
  const keys = {
    adminKey: given.adminKey ?? stored.adminKey ?? `vbt_admin_${randomBytes(24).toString('base64url')}`,
    readKey: given.readKey ?? stored.readKey ?? `vbt_read_${randomBytes(24).toString('base64url')}`,
  };
  const generated = keys.adminKey !== stored.adminKey || keys.readKey !== stored.readKey;
  if (generated) await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return { ...keys, generated };
}
