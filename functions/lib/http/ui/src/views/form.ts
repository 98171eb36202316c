import { h } from '../dom.js';
import { hashFor, type ViewContext } from './context.js';

export interface Field {
  name: string;
  label: string;
  hint?: string;
  options?: readonly string[];
  wide?: boolean;
}

/**
 * A search form whose fields are the view's query: it opens filled from the address, and submitting
 * it puts the non-empty fields back into the address (`#<path>?name=value…`), so a view can be shared.
 */
export function searchForm(
  ctx: ViewContext,
  spec: { path: string; label: string; fields: readonly Field[]; submit: string; clear?: boolean },
): HTMLFormElement {
  const fields = spec.fields.map((field) => {
    const id = `field-${field.name}`;
    const value = ctx.params.get(field.name) ?? '';
    const control = field.options
      ? h(
          'select',
          { id, name: field.name },
          h('option', { value: '' }, 'any'),
          field.options.map((option) => {
            const element = h('option', { value: option }, option);
            if (option === value) element.selected = true;
            return element;
          }),
        )
      : h('input', { id, name: field.name, type: 'text', value, placeholder: field.hint, autocomplete: 'off' });
    return h('div', { class: field.wide ? 'field wide' : 'field' }, h('label', { for: id }, field.label), control);
  });
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      aria: { label: spec.label },
      on: {
        submit: (event) => {
          event.preventDefault();
          const data = new FormData(form);
          const params: Record<string, string> = {};
          for (const field of spec.fields) params[field.name] = String(data.get(field.name) ?? '').trim();
          ctx.navigate(hashFor(spec.path, params));
        },
      },
    },
    fields,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, spec.submit),
      spec.clear ? h('a', { href: `#${spec.path}`, class: 'button' }, 'Clear') : null,
    ),
  );
  return form;
}
