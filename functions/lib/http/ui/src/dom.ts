/**
 * The only way the web view builds DOM. Everything it shows comes from archived pages, which are
 * hostile input, so text is only ever set as text (`textContent` / text nodes), attributes through
 * `setAttribute` with a fixed allowlist of names, and event handlers only as functions. Nothing here
 * parses HTML.
 */

type Child = Node | string | number | false | null | undefined | Child[];

export interface Props {
  class?: string;
  id?: string;
  href?: string;
  title?: string;
  rel?: string;
  type?: string;
  name?: string;
  value?: string;
  placeholder?: string;
  role?: string;
  for?: string;
  download?: string;
  src?: string;
  alt?: string;
  lang?: string;
  dir?: string;
  hidden?: boolean;
  disabled?: boolean;
  tabindex?: number;
  colspan?: number;
  autocomplete?: string;
  inputmode?: string;
  datetime?: string;
  aria?: Record<string, string>;
  data?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const ATTRIBUTES = [
  'class',
  'id',
  'title',
  'rel',
  'type',
  'name',
  'placeholder',
  'role',
  'for',
  'download',
  'alt',
  'lang',
  'dir',
  'autocomplete',
  'inputmode',
  'datetime',
] as const;

/** Only links inside the app, downloads of object URLs, and http(s) links to original pages. */
function safeHref(href: string): string {
  if (href.startsWith('#') || href.startsWith('/')) return href.startsWith('//') ? '#' : href;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'blob:' ? url.href : '#';
  } catch {
    return '#';
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const name of ATTRIBUTES) {
    const value = props[name];
    if (value !== undefined) element.setAttribute(name, value);
  }
  if (props.href !== undefined) element.setAttribute('href', safeHref(props.href));
  if (props.src !== undefined) element.setAttribute('src', safeHref(props.src));
  if (props.value !== undefined) (element as HTMLInputElement).value = props.value;
  if (props.hidden) element.hidden = true;
  if (props.disabled) element.setAttribute('disabled', '');
  if (props.tabindex !== undefined) element.tabIndex = props.tabindex;
  if (props.colspan !== undefined) element.setAttribute('colspan', String(props.colspan));
  for (const [key, value] of Object.entries(props.aria ?? {})) element.setAttribute(`aria-${key}`, value);
  for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = value;
  for (const [event, handler] of Object.entries(props.on ?? {})) element.addEventListener(event, handler as EventListener);
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A `<time>` in UTC, with the ISO value kept in `datetime`. */
export function time(iso: string | undefined): HTMLElement | string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, dateTime.format(date));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
