// Template download and custom fields: the list of the workspace's fields and the form that adds one.

import type { ApiClient } from '../api.js';
import { byId, h, saveFile, scrollingTable, showMessage } from '../dom.js';
import type { CustomField } from '../types.js';

export interface FieldsView {
  load(): Promise<void>;
  fields(): CustomField[];
  /** Creates a custom field (from the form here, or from a column's dropdown) and shows the list anew. */
  add(field: CustomField): Promise<void>;
}

export const createFieldsView = (
  api: ApiClient,
  handlers: {
    onError(error: unknown, where: HTMLElement): void;
    /** A field was added with this card's form (not by `add`, whose caller knows). */
    onFieldsChanged(fields: CustomField[]): void;
  },
): FieldsView => {
  const list = byId('fields-list', HTMLDivElement);
  const form = byId('field-form', HTMLFormElement);
  const keyInput = byId('field-key', HTMLInputElement);
  const labelInput = byId('field-label', HTMLInputElement);
  const typeSelect = byId('field-type', HTMLSelectElement);
  const externalId = byId('field-external-id', HTMLInputElement);
  const fieldMessage = byId('field-message', HTMLParagraphElement);
  const templateButton = byId('download-template', HTMLButtonElement);
  const templateMessage = byId('template-message', HTMLParagraphElement);
  let fields: CustomField[] = [];

  const render = () => {
    list.replaceChildren();
    if (fields.length === 0) {
      list.append(h('p', { class: 'hint' }, 'No custom fields yet.'));
      return;
    }
    const rows = fields.map((field) =>
      h(
        'tr',
        {},
        h('td', {}, h('code', {}, field.key)),
        h('td', {}, field.label),
        h('td', {}, field.type),
        h('td', {}, field.mapsTo === 'external_id' ? 'external_id' : ''),
      ),
    );
    list.append(
      scrollingTable(
        'Custom fields',
        h(
          'table',
          { id: 'fields-table' },
          h('caption', { class: 'visually-hidden' }, 'Custom fields of this workspace'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Key'),
              h('th', { scope: 'col' }, 'Label'),
              h('th', { scope: 'col' }, 'Type'),
              h('th', { scope: 'col' }, 'Maps to'),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
    );
  };

  const load = async () => {
    fields = await api.listCustomFields();
    render();
  };

  const add = async (field: CustomField) => {
    await api.createCustomField(field);
    await load();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const field: CustomField = {
      key: keyInput.value.trim(),
      label: labelInput.value.trim(),
      type: typeSelect.value as CustomField['type'],
      ...(externalId.checked ? { mapsTo: 'external_id' as const } : {}),
    };
    if (field.key === '' || field.label === '') {
      showMessage(fieldMessage, 'A custom field needs a key and a label.', 'error');
      (field.key === '' ? keyInput : labelInput).focus();
      return;
    }
    const submit = form.querySelector('button[type="submit"]');
    if (submit instanceof HTMLButtonElement) submit.disabled = true;
    try {
      await add(field);
      form.reset();
      showMessage(fieldMessage, `Added the custom field “${field.key}”.`, 'ok');
      handlers.onFieldsChanged(fields);
    } catch (error) {
      handlers.onError(error, fieldMessage);
    } finally {
      if (submit instanceof HTMLButtonElement) submit.disabled = false;
    }
  });

  templateButton.addEventListener('click', async () => {
    templateButton.disabled = true;
    showMessage(templateMessage, '');
    try {
      const { blob, fileName } = await api.downloadTemplate();
      saveFile(blob, fileName);
      showMessage(templateMessage, `Downloaded ${fileName}.`, 'ok');
    } catch (error) {
      handlers.onError(error, templateMessage);
    } finally {
      templateButton.disabled = false;
    }
  });

  return { load, add, fields: () => fields };
};
