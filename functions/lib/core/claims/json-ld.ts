import { unescapeHtml } from './dom.js';

export type JsonLdNode = Record<string, unknown>;

/** The JSON-LD of a page: its top-level nodes (arrays and `@graph` flattened) and every node by `@id`. */
export interface JsonLd {
  nodes: JsonLdNode[];
  byId: Map<string, JsonLdNode>;
}

const SCRIPT = /<script\b[^>]*\btype\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

/** The contents of the `application/ld+json` scripts of the document and of the raw HTML, without repeats. */
export function collectJsonLdScripts(document: Document, rawHtml?: string): string[] {
  const seen = new Set<string>();
  const scripts: string[] = [];
  const add = (text: string | null | undefined): void => {
    const trimmed = text?.trim();
    if (trimmed && !seen.has(trimmed)) {
      seen.add(trimmed);
      scripts.push(trimmed);
    }
  };
  for (const script of document.querySelectorAll('script[type]')) {
    if (/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) add(script.textContent);
  }
  if (rawHtml) for (const match of rawHtml.matchAll(SCRIPT)) add(match[1]);
  return scripts;
}

/** Parses JSON-LD scripts leniently (comments, CDATA, trailing commas, raw control characters). */
export function parseJsonLd(scripts: string[]): JsonLd {
  const nodes: JsonLdNode[] = [];
  for (const script of scripts) {
    const value = parseLenient(script);
    if (value !== undefined) flatten(value, nodes);
  }
  const byId = new Map<string, JsonLdNode>();
  const index = (value: unknown, depth: number): void => {
    if (depth > 12 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) index(item, depth + 1);
      return;
    }
    const node = value as JsonLdNode;
    const id = node['@id'];
    if (typeof id === 'string' && Object.keys(node).length > 1) {
      const known = byId.get(id);
      byId.set(id, known ? { ...node, ...known } : node);
    }
    for (const child of Object.values(node)) index(child, depth + 1);
  };
  index(nodes, 0);
  return { nodes, byId };
}

function parseLenient(text: string): unknown {
  const attempts = [
    text,
    text
      .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
      .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what JSON.parse rejects
      .replace(/[\u0000-\u001f]+/g, ' ')
      .replace(/,\s*([}\]])/g, '$1')
      .replace(/;\s*$/, ''),
  ];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {}
  }
  return undefined;
}

function flatten(value: unknown, out: JsonLdNode[]): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as JsonLdNode;
  const graph = prop(node, '@graph');
  if (graph !== undefined) {
    flatten(graph, out);
    if (prop(node, '@type') === undefined) return;
  }
  out.push(node);
}

/** A property, whatever the vocabulary prefix (`headline`, `schema:headline`, `http://schema.org/headline`). */
export function prop(node: JsonLdNode, name: string): unknown {
  if (name in node) return node[name];
  for (const key of Object.keys(node)) {
    if (key.endsWith(`:${name}`) || key.endsWith(`/${name}`)) return node[key];
  }
  return undefined;
}

/** The node's types without vocabulary prefixes (`http://schema.org/NewsArticle` → `NewsArticle`). */
export function typesOf(node: JsonLdNode): string[] {
  const value = prop(node, '@type');
  const list = Array.isArray(value) ? value : [value];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

/** Follows an `{"@id": …}` reference to the full node, when the page defines it. */
export function resolve(value: unknown, jsonLd: JsonLd): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as JsonLdNode)['@id'];
    if (typeof id === 'string' && Object.keys(value).length <= 2) return jsonLd.byId.get(id) ?? value;
  }
  return value;
}

/** The first string in a JSON-LD value (`"x"`, `["x"]`, `{"@value": "x"}`), HTML-unescaped and trimmed. */
export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const text = unescapeHtml(value).replace(/\s+/g, ' ').trim();
    return text || undefined;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = stringOf(item);
      if (text) return text;
    }
    return undefined;
  }
  if (value && typeof value === 'object') return stringOf((value as JsonLdNode)['@value']);
  return undefined;
}

/** Names of people or organisations in a JSON-LD value (strings, nodes, `@id` references, arrays). */
export function namesOf(value: unknown, jsonLd: JsonLd): string[] {
  const names: string[] = [];
  const visit = (item: unknown, depth: number): void => {
    if (depth > 4 || item === null || item === undefined) return;
    if (Array.isArray(item)) {
      for (const entry of item) visit(entry, depth + 1);
      return;
    }
    if (typeof item === 'string') {
      const text = stringOf(item);
      if (text && !/^(https?:)?\/\//i.test(text)) names.push(text);
      return;
    }
    if (typeof item !== 'object') return;
    const node = resolve(item, jsonLd) as JsonLdNode;
    const name =
      stringOf(prop(node, 'name')) ?? [stringOf(prop(node, 'givenName')), stringOf(prop(node, 'familyName'))].filter(Boolean).join(' ');
    if (name) names.push(name);
  };
  visit(value, 0);
  return [...new Set(names)];
}

/** Walks every object in the JSON-LD (nested ones included), depth-first. */
export function walkNodes(jsonLd: JsonLd, visit: (node: JsonLdNode) => void): void {
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 12 || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    visit(value as JsonLdNode);
    for (const child of Object.values(value)) walk(child, depth + 1);
  };
  walk(jsonLd.nodes, 0);
}
