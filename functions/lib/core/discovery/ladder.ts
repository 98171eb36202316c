import { parse } from 'tinyduration';
import { ValidationError } from '../errors.js';

const SECOND = 1_000;
const DAY = 86_400 * SECOND;
const MAX_STEPS = 50;
const MAX_DELAY = 366 * DAY;

/**
 * An ISO 8601 duration in milliseconds (tinyduration parses it). Days are 24 hours and weeks 7
 * days; a month counts as 30 days and a year as 365, since a ladder needs lengths, not dates.
 */
export function durationMs(text: string): number {
  let d: ReturnType<typeof parse>;
  try {
    d = parse(text);
  } catch {
    throw new ValidationError(`"${text}" is not an ISO 8601 duration (e.g. PT15M, P1D)`);
  }
  if (d.negative) throw new ValidationError(`"${text}" is negative`);
  const ms =
    (d.years ?? 0) * 365 * DAY +
    (d.months ?? 0) * 30 * DAY +
    (d.weeks ?? 0) * 7 * DAY +
    (d.days ?? 0) * DAY +
    (d.hours ?? 0) * 3_600 * SECOND +
    (d.minutes ?? 0) * 60 * SECOND +
    (d.seconds ?? 0) * SECOND;
  return Math.round(ms);
}

/**
 * Validates a recapture ladder: 0 to 50 durations, each longer than the one before, none beyond a
 * year. Each delay counts from the article's first capture. `minimumMs` lets a deployment refuse
 * delays shorter than its sweep can honour (AWS sweeps every few minutes; locally anything goes).
 */
export function parseLadder(ladder: readonly string[], minimumMs = 0): number[] {
  if (ladder.length > MAX_STEPS) throw new ValidationError(`recapture: at most ${MAX_STEPS} steps`);
  const steps = ladder.map((text, i) => {
    const ms = durationMs(text);
    if (ms <= 0) throw new ValidationError(`recapture.${i}: ${text} must be longer than zero`);
    if (ms > MAX_DELAY) throw new ValidationError(`recapture.${i}: ${text} is longer than a year`);
    if (ms < minimumMs) throw new ValidationError(`recapture.${i}: ${text} is shorter than ${Math.round(minimumMs / 1000)} s`);
    return ms;
  });
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]! <= steps[i - 1]!) throw new ValidationError(`recapture.${i}: ${ladder[i]} must be longer than ${ladder[i - 1]}`);
  }
  return steps;
}

/**
 * The next rung after a capture that ended at `capturedAt`. Step 0 is the capture at discovery;
 * step k (k ≥ 1) is due `ladder[k-1]` after the first capture. Rungs whose time has already passed
 * (the capture ran late, or the system was down) are folded into this capture rather than run back
 * to back. Undefined when the ladder is done: the item rests.
 */
export function nextRung(
  ladderMs: readonly number[],
  firstCapturedAt: Date,
  completedStep: number,
  capturedAt: Date,
): { step: number; at: Date } | undefined {
  for (let step = completedStep + 1; step <= ladderMs.length; step++) {
    const at = new Date(firstCapturedAt.getTime() + ladderMs[step - 1]!);
    if (at.getTime() > capturedAt.getTime()) return { step, at };
  }
  return undefined;
}
