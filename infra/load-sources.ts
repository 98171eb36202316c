import { readFileSync } from 'node:fs';
import { parseSourcesFile, type Source } from '../functions/lib/core/sources.js';

/**
 * Reads the sources file with the same parser as the local runtime, so a file that `npm start`
 * accepts deploys the same schedules. `createdAt` is no part of a schedule, so a fixed value keeps
 * synthesis deterministic.
 */
export function loadSources(path: string): Source[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the sources file ${path}: ${(err as Error).message}`);
  }
  // The AWS sweep runs every few minutes, so a recapture ladder step under a minute is refused here.
  return parseSourcesFile(text, new Date(0).toISOString(), 60_000);
}
