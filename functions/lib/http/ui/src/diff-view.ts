import { type Change, diffLines, diffWords } from 'diff';
import { h } from './dom.js';

const hidden = (text: string) => h('span', { class: 'visually-hidden' }, text);

/**
 * A word diff costs time in the product of the texts' lengths and their differences (two unrelated
 * 40 KB paragraphs take 13 s), and archived texts are hostile, so each diff has a time limit, and
 * pairing a snapshot's removed and added paragraphs has one budget for them all.
 */
const WORD_DIFF_MS = 500;
const PAIRING_BUDGET_MS = 1_000;

/**
 * A reworded text with the words removed (`del`) and added (`ins`) since the earlier wording; the
 * whole earlier text removed and the later added when the diff would take longer than WORD_DIFF_MS.
 */
export function wordDiff(before: string, after: string, known?: Change[]): HTMLElement {
  const parts = known ??
    diffWords(before, after, { timeout: WORD_DIFF_MS }) ?? [
      { value: before, removed: true, added: false, count: 1 },
      { value: after, removed: false, added: true, count: 1 },
    ];
  return h(
    'span',
    { class: 'word-diff' },
    parts.map((part) =>
      part.removed
        ? h('del', {}, hidden('[removed: '), part.value, hidden(']'))
        : part.added
          ? h('ins', {}, hidden('[added: '), part.value, hidden(']'))
          : part.value,
    ),
  );
}

/**
 * The word diff of `a` and `b` with the share of them it leaves unchanged; none once the `deadline`
 * (ms since the time origin) has passed or the diff would run past it.
 */
function similarity(a: string, b: string, deadline: number): { score: number; parts: Change[] } | undefined {
  const left = deadline - performance.now();
  if (left <= 0) return undefined;
  const parts = diffWords(a, b, { timeout: Math.min(left, WORD_DIFF_MS) });
  if (!parts) return undefined;
  const same = parts.filter((p) => !p.added && !p.removed).reduce((n, p) => n + p.value.length, 0);
  return { score: same / Math.max(1, a.length, b.length), parts };
}

/** The word diff each reworded line was paired by, so rendering it does not diff the pair again. */
const pairedParts = new WeakMap<LineChange, Change[]>();

export type LineChange =
  | { type: 'same'; lines: string[] }
  | { type: 'removed'; line: string }
  | { type: 'added'; line: string }
  | { type: 'reworded'; before: string; after: string };

const splitLines = (value: string) => value.replace(/\n$/, '').split('\n');

/**
 * Paragraph by paragraph (a captured text keeps one per line; blank lines are left out); within a changed hunk, a removed
 * and an added line that share most of their words are one reworded line, as far as one second of
 * word diffs allows (the rest show as removed and added). Gives up on texts so different that the
 * line diff would take more than two seconds.
 */
export function lineChanges(before: string, after: string): LineChange[] | undefined {
  const paragraphs = (text: string) =>
    `${text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n')}\n`;
  const parts: Change[] | undefined = diffLines(paragraphs(before), paragraphs(after), { timeout: 2000 });
  if (!parts) return undefined;
  const deadline = performance.now() + PAIRING_BUDGET_MS;
  const out: LineChange[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      out.push({ type: 'same', lines: splitLines(part.value) });
      continue;
    }
    const removed = part.removed ? splitLines(part.value).filter((l) => l.trim()) : [];
    const next = parts[i + 1];
    const added = part.added
      ? splitLines(part.value).filter((l) => l.trim())
      : next?.added
        ? splitLines(next.value).filter((l) => l.trim())
        : [];
    if (part.removed && next?.added) i++;
    const pairs = new Map<number, { added: number; parts: Change[] }>();
    if (removed.length * added.length <= 2500) {
      const taken = new Set<number>();
      added.forEach((line, a) => {
        let best: { removed: number; score: number; parts: Change[] } | undefined;
        removed.forEach((old, r) => {
          if (taken.has(r)) return;
          const found = similarity(old, line, deadline);
          if (found && found.score > (best?.score ?? 0.5)) best = { removed: r, ...found };
        });
        if (best) {
          taken.add(best.removed);
          pairs.set(best.removed, { added: a, parts: best.parts });
        }
      });
    }
    const pairedAdded = new Set([...pairs.values()].map((pair) => pair.added));
    removed.forEach((line, r) => {
      const pair = pairs.get(r);
      if (pair) {
        const change: LineChange = { type: 'reworded', before: line, after: added[pair.added]! };
        pairedParts.set(change, pair.parts);
        out.push(change);
      } else out.push({ type: 'removed', line });
    });
    added.forEach((line, a) => {
      if (!pairedAdded.has(a)) out.push({ type: 'added', line });
    });
  }
  return out;
}

/** Renders line changes; long runs of unchanged lines are folded to their first and last two. */
export function renderLineChanges(changes: LineChange[]): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const change of changes) {
    if (change.type === 'same') {
      const lines = change.lines;
      const shown = lines.length > 6 ? [...lines.slice(0, 2), null, ...lines.slice(-2)] : lines;
      for (const line of shown) {
        rows.push(
          line === null
            ? h('li', { class: 'fold' }, `… ${lines.length - 4} unchanged lines …`)
            : h('li', { class: 'same' }, hidden('unchanged: '), line),
        );
      }
    } else if (change.type === 'removed')
      rows.push(h('li', { class: 'removed' }, h('span', { class: 'tag' }, 'removed'), ' ', h('del', {}, change.line)));
    else if (change.type === 'added')
      rows.push(h('li', { class: 'added' }, h('span', { class: 'tag' }, 'added'), ' ', h('ins', {}, change.line)));
    else
      rows.push(
        h(
          'li',
          { class: 'reworded' },
          h('span', { class: 'tag' }, 'reworded'),
          ' ',
          wordDiff(change.before, change.after, pairedParts.get(change)),
        ),
      );
  }
  return h('ol', { class: 'text-diff' }, rows);
}
