// "Create a custom field…" in a column's field dropdown: key, label and type in the column's row, then it maps there.

import { h, showMessage } from '../dom.js';
import { suggestedKey } from '../sample-values.js';
import type { CustomField } from '../types.js';

/** The option of every field dropdown that opens this form instead of choosing a field. */
export const NEW_FIELD = '__new_custom_field__';

/** The form for one column: `onCreate` creates the field and maps the column to it; a refusal is shown here. */
export const newFieldForm = (options: {
  header: string;
  /** Unique per column: the ids of the form's controls start with it. */
  idPrefix: string;
  onCreate(field: CustomField): Promise<void>;
  onCancel(): void;
  describeError(error: unknown): string;
}): HTMLElement => {
  const { header, idPrefix } = options;
  const id = (name: string) => `${idPrefix}-${name}`;
  const key = h('input', {
    id: id('key'),
    name: 'key',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    value: suggestedKey(header),
    'aria-describedby': id('key-hint'),
  });
  const label = h('input', {
    id: id('label'),
    name: 'label',
    required: true,
    autocomplete: 'off',
    value: header,
  });
  const type = h(
    'select',
    { id: id('type'), name: 'type' },
    h('option', { value: 'text' }, 'Text'),
    h('option', { value: 'number' }, 'Number'),
    h('option', { value: 'date' }, 'Date'),
    h('option', { value: 'boolean' }, 'Yes / no'),
  );
  const message = h('p', {
    class: 'message',
    id: id('message'),
    role: 'status',
    'aria-live': 'polite',
    hidden: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary small' }, 'Create and map the column');
  const cancel = h('button', { type: 'button', class: 'small', onclick: () => options.onCancel() }, 'Cancel');

  const form = h(
    'form',
    {
      class: 'new-field',
      id: id('form'),
      novalidate: true,
      'aria-label': `New custom field for “${header}”`,
    },
    h(
      'fieldset',
      {},
      h('legend', {}, `A new custom field for “${header}”`),
      h(
        'div',
        { class: 'inline-fields' },
        h('div', { class: 'field' }, h('label', { for: id('key') }, 'Key'), key),
        h('div', { class: 'field' }, h('label', { for: id('label') }, 'Label'), label),
        h('div', { class: 'field' }, h('label', { for: id('type') }, 'Type'), type),
      ),
      h('p', { class: 'hint', id: id('key-hint') }, 'Key: lower snake case, e.g. member_since.'),
      h('div', { class: 'actions' }, submit, cancel),
      message,
    ),
  );
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') options.onCancel();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const field: CustomField = {
      key: key.value.trim(),
      label: label.value.trim(),
      type: type.value as CustomField['type'],
    };
    if (field.key === '' || field.label === '') {
      showMessage(message, 'A custom field needs a key and a label.', 'error');
      (field.key === '' ? key : label).focus();
      return;
    }
    submit.disabled = true;
    showMessage(message, `Creating “${field.label}”…`, 'info');
    try {
      await options.onCreate(field);
    } catch (error) {
      showMessage(message, options.describeError(error), 'error');
      key.setAttribute('aria-invalid', 'true');
      key.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
};
