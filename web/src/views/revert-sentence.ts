// An undo's counts as a sentence a person reads (SPEC §10): "Undo would delete 12 contacts this import created, …",
// its figures marked (`data-count`) so that a test reads them; the past tense once the undo is done.

import { formatNumber, h } from '../dom.js';
import { KEPT_BY_LABELS } from '../labels.js';
import type { RevertSummary } from '../types.js';

const figure = (name: string, value: number) => h('strong', { 'data-count': name }, formatNumber(value));
const contacts = (value: number) => (value === 1 ? 'contact' : 'contacts');

/** "delete 12 contacts this import created, restore 5 contacts it changed and keep 2 (…)", past tense when done. */
const revertClauses = (revert: RevertSummary): Array<Array<Node | string>> => {
  const done = !revert.dryRun;
  const { deleted, restored, kept } = revert.counts;
  const clauses: Array<Array<Node | string>> = [];
  const importName = () => (clauses.length === 0 ? 'this import' : 'it');
  if (deleted > 0)
    clauses.push([
      done ? 'deleted ' : 'delete ',
      figure('deleted', deleted),
      ` ${contacts(deleted)} ${importName()} created`,
    ]);
  if (restored > 0)
    clauses.push([
      done ? 'restored ' : 'restore ',
      figure('restored', restored),
      ` ${contacts(restored)} ${importName()} changed`,
    ]);
  if (kept > 0) {
    const reasons = (['changed_since', 'email_taken'] as const).filter((code) => revert.keptBy[code] > 0);
    const clause: Array<Node | string> = [
      done ? 'kept ' : 'keep ',
      figure('kept', kept),
      ` ${contacts(kept)}`,
    ];
    const [only] = reasons;
    if (reasons.length === 1 && only !== undefined && revert.keptBy[only] === kept) {
      clause.push(' ', h('span', { 'data-count': only, 'data-value': kept }, KEPT_BY_LABELS[only]));
    } else {
      clause.push(` as ${done ? 'they were' : 'they are'} (`);
      reasons.forEach((code, i) => {
        clause.push(i > 0 ? ', ' : '', figure(code, revert.keptBy[code]), ` ${KEPT_BY_LABELS[code]}`);
      });
      clause.push(')');
    }
    clauses.push(clause);
  }
  return clauses;
};

/** The revert's counts as a sentence: "Undo would delete …" for a dry run, "Undone: deleted …" after the real one. */
export const describeRevert = (revert: RevertSummary): Node => {
  const clauses = revertClauses(revert);
  const sentence = h('span', { class: 'undo-sentence' });
  if (clauses.length === 0) {
    sentence.append(
      revert.dryRun
        ? 'Undo would change no contact: this import left nothing to undo.'
        : 'Undone: no contact needed a change.',
    );
    return sentence;
  }
  sentence.append(revert.dryRun ? 'Undo would ' : 'Undone: ');
  clauses.forEach((clause, i) => {
    if (i > 0) sentence.append(i === clauses.length - 1 ? ' and ' : ', ');
    sentence.append(...clause);
  });
  sentence.append('.');
  return sentence;
};
