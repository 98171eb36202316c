import './style.css';
import { ApiError, getJson, session, takeKeyFromAddress } from './api.js';
import { h, replace } from './dom.js';
import { changesView } from './views/changes.js';
import { claimView } from './views/claim.js';
import { claimsView } from './views/claims.js';
import type { ViewContext } from './views/context.js';
import { failure } from './views/parts.js';
import { snapshotView } from './views/snapshot.js';
import { sourcesView } from './views/sources.js';

type Route = (root: HTMLElement, ctx: ViewContext, id: string) => Promise<void>;

const ROUTES: [RegExp, string, Route][] = [
  [/^\/claims\/(clm_[0-9a-f]{24})$/, 'Claim', claimView],
  [/^\/claims$/, 'Claims', claimsView],
  [/^\/snapshots\/(\d{14}-[0-9a-f]{12})$/, 'Capture', snapshotView],
  [/^\/changes$/, 'Changes', changesView],
  [/^\/sources$/, 'Sources', sourcesView],
];

const main = h('main', { id: 'main', tabindex: -1 });
const nav = h(
  'nav',
  { aria: { label: 'Views' } },
  h('a', { href: '#/claims', data: { route: 'claims' } }, 'Claims'),
  h('a', { href: '#/changes', data: { route: 'changes' } }, 'Changes'),
  h('a', { href: '#/sources', data: { route: 'sources' } }, 'Sources'),
);
const signOut = h(
  'button',
  {
    type: 'button',
    class: 'sign-out',
    hidden: true,
    on: {
      click: () => {
        session.signOut();
        render();
      },
    },
  },
  'Sign out',
);

let current: AbortController | undefined;
const cleanups: (() => void)[] = [];

function parseHash(): { path: string; params: URLSearchParams } {
  const hash = location.hash.replace(/^#/, '') || '/claims';
  const [path = '/claims', search = ''] = hash.split('?', 2);
  return { path, params: new URLSearchParams(search) };
}

function signInView(message?: string): void {
  signOut.hidden = true;
  nav.hidden = true;
  document.title = 'Sign in · Verbatim';
  const input = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off' });
  const form = h(
    'form',
    {
      class: 'sign-in',
      on: {
        submit: (event) => {
          event.preventDefault();
          if (!input.value.trim()) return;
          session.signIn(input.value);
          render();
        },
      },
    },
    h('label', { for: 'key' }, 'API key (read or admin)'),
    input,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  replace(
    main,
    h('h1', { tabindex: -1 }, 'Sign in'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h(
      'p',
      {},
      'The key stays in this tab (session storage) and goes with each request as a bearer token. `npm start` prints a sign-in link.',
    ),
    form,
  );
  input.focus();
}

async function render(): Promise<void> {
  current?.abort();
  for (const cleanup of cleanups.splice(0)) cleanup();
  if (!session.key()) return signInView();
  const controller = new AbortController();
  current = controller;
  signOut.hidden = false;
  nav.hidden = false;
  const { path, params } = parseHash();
  const match = ROUTES.map(([pattern, title, view]) => ({ found: pattern.exec(path), title, view })).find((r) => r.found);
  for (const link of nav.querySelectorAll('a')) {
    if (path.startsWith(`/${link.dataset.route}`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx: ViewContext = {
    params,
    signal: controller.signal,
    onCleanup: (cleanup) => cleanups.push(cleanup),
    navigate: (hash) => {
      if (location.hash === hash) void render();
      else location.hash = hash;
    },
  };
  if (!match) {
    replace(main, h('h1', { tabindex: -1 }, 'Not found'), h('p', {}, 'No such view. '), h('a', { href: '#/claims' }, 'Go to the claims'));
    return;
  }
  document.title = `${match.title} · Verbatim`;
  try {
    await match.view(main, ctx, match.found![1] ?? '');
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof ApiError && error.signedOut) {
      session.signOut();
      return signInView(`The key was not accepted: ${error.message}`);
    }
    main.appendChild(failure(error));
  }
}

function focusHeading(): void {
  main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: false });
}

async function start(): Promise<void> {
  const fromLink = takeKeyFromAddress();
  const skip = h(
    'a',
    {
      href: '#main',
      class: 'skip',
      on: {
        click: (event) => {
          event.preventDefault();
          main.focus();
        },
      },
    },
    'Skip to content',
  );
  const header = h('header', {}, h('a', { href: '#/claims', class: 'brand' }, 'Verbatim'), nav, signOut);
  replace(document.body, skip, header, main);
  if (fromLink) {
    // Check the key at once, so a wrong link says so instead of showing an empty view.
    await getJson('/sources').catch((error) => {
      if (error instanceof ApiError && error.signedOut) session.signOut();
    });
  }
  await render();
  window.addEventListener('hashchange', () => {
    if (takeKeyFromAddress()) return void render();
    render().then(focusHeading);
  });
}

void start();
