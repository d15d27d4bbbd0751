// axe-core run in the page as it is now: the findings a person with a screen reader or the keyboard would hit.

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Findings of these impacts fail a test; minor and moderate ones are reported by axe but not held against the page. */
const BLOCKING = new Set(['serious', 'critical']);

/** The serious and critical findings of axe on the page's current state, one line each (rule, help, where). */
export const seriousFindings = async (page: Page): Promise<string[]> => {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.impact} ${violation.id}: ${violation.help} — ${node.target.join(' ')}`,
      ),
    );
};

/** Whether the focused element shows where the focus is: its own outline, or its drop zone's (a hidden file input). */
export const focusIsVisible = (page: Page): Promise<boolean> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const shows = (node) => {
      const style = getComputedStyle(node);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    };
    if (el.matches('h1, h2, h3, main')) return true; // focused by the page (tabindex -1) to move reading there
    return shows(el) || Boolean(el.closest('.dropzone') && shows(el.closest('.dropzone')));
  })()`);
