// The mapping step's notice that the preview took the settings remembered for this header row (SPEC §11).

import { formatDate, h } from '../dom.js';
import { importHref } from '../router.js';
import type { Preview } from '../types.js';
import { shortId } from './imports-view.js';

type Remembered = NonNullable<Preview['remembered']>;

/** "Mapping from your import of <date>", that import linked, and "Don't use it" (previews again without them). */
export const rememberedNotice = (remembered: Remembered, onIgnore: () => void): HTMLElement =>
  h(
    'div',
    { class: 'notice', id: 'remembered-notice', role: 'note', 'aria-labelledby': 'remembered-text' },
    h(
      'p',
      { id: 'remembered-text' },
      `Mapping from your import of ${formatDate(remembered.finishedAt)} (`,
      h(
        'a',
        { href: importHref(remembered.importId), 'aria-label': `import ${remembered.importId}` },
        shortId(remembered.importId),
      ),
      '): the columns are mapped as they were then.',
    ),
    h(
      'button',
      { type: 'button', class: 'small', id: 'ignore-remembered', onclick: onIgnore },
      'Don’t use it',
    ),
  );
