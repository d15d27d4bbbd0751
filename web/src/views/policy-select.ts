// The select of one column's own overwrite policy in the mapping table (SPEC §9): as the import, or one of three.

import { h } from '../dom.js';

/** A column's own overwrite policy (SPEC §9): the import's (empty), or one of the three. */
const POLICY_CHOICES: ReadonlyArray<[value: string, label: string]> = [
  ['', 'As the import'],
  ['always', 'Overwrite'],
  ['if_empty', 'Only where empty'],
  ['never', 'Never: new contacts only'],
];

/**
 * The select of a column's policy. Its name does not repeat the header (the row's header cell says the column,
 * and the header labels the field select alone); a column that fills nothing has no policy to choose.
 */
export const policySelect = (
  id: string,
  value: string,
  disabled: boolean,
  onChange: (value: string) => void,
): HTMLSelectElement => {
  const select = h(
    'select',
    {
      id,
      class: 'policy-select',
      'aria-label': 'Update policy',
      disabled,
      onchange: () => onChange(select.value),
    },
    ...POLICY_CHOICES.map(([optionValue, label]) =>
      h('option', { value: optionValue, selected: optionValue === value }, label),
    ),
  );
  return select;
};
