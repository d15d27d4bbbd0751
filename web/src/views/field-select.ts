// The dropdown that sends one column to a field: built-in fields, external_id, custom fields, ignore, or a new one.

import { h } from '../dom.js';
import { BUILT_IN_FIELDS, EXTERNAL_ID, IGNORE } from '../labels.js';
import type { CustomField } from '../types.js';
import { NEW_FIELD } from './new-field-form.js';

/** The select that sends one column to a field: built-in fields, external_id, custom keys, ignore, or a new field. */
export const fieldSelect = (
  id: string,
  value: string,
  customFields: CustomField[],
  onChange: (value: string) => void,
  onNewField: () => void,
): HTMLSelectElement => {
  const option = (optionValue: string, label: string) =>
    h('option', { value: optionValue, selected: optionValue === value }, label);
  const externalIdField = customFields.find((field) => field.mapsTo === 'external_id');
  const select = h(
    'select',
    {
      id,
      class: 'field-select',
      onchange: () => {
        if (select.value !== NEW_FIELD) return onChange(select.value);
        // Choosing "Create a custom field…" changes nothing yet: the column keeps its field until one is created.
        select.value = value;
        onNewField();
      },
    },
    option(IGNORE, '— Ignore this column —'),
    h('optgroup', { label: 'Contact fields' }, ...BUILT_IN_FIELDS.map((f) => option(f.value, f.label))),
    h(
      'optgroup',
      { label: 'External id' },
      option(
        EXTERNAL_ID,
        externalIdField
          ? `External id (into ${externalIdField.label})`
          : 'External id (no field holds it yet)',
      ),
    ),
    customFields.length > 0
      ? h('optgroup', { label: 'Custom fields' }, ...customFields.map((f) => option(f.key, f.label)))
      : null,
    h('optgroup', { label: 'New' }, option(NEW_FIELD, 'Create a custom field…')),
  );
  // A field this page does not know yet (created elsewhere meanwhile) is still shown as the server said.
  if (![...select.options].some((o) => o.value === value)) select.append(option(value, value));
  return select;
};
