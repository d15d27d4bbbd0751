// Tags as a cell writes them and as a contact keeps them (SPEC §3, §4): split, de-duplicated, merged.

/** `,` `;` `|` per the spec, and Google Contacts' ` ::: ` between the labels of one cell. */
const TAG_SEPARATORS = /[,;|]|:::/;

/** The key tags are compared by: case-insensitive, with full case folding (`ß` = `SS`) and NFC. */
export function toTagKey(tag: string): string {
  return tag.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Google Contacts puts its system group `* myContacts` on every contact of an export: it says nothing about the
 * person, so it is not imported as a tag (seeded as already seen).
 */
const IMPLICIT_LABELS = ['* myContacts'];

/**
 * The tags of a cell: trimmed, a tag's surrounding double quotes dropped (Mailchimp writes `"2023 Conference","VIP"`,
 * and a separator inside such quotes is part of the tag), empty ones dropped, case-insensitive duplicates dropped
 * keeping the first spelling.
 */
export function splitTags(cell: string): string[] {
  const parts = cell.includes('"') ? splitQuoted(cell) : cell.split(TAG_SEPARATORS);
  return appendNewTags([], new Set(IMPLICIT_LABELS.map(toTagKey)), parts);
}

/** Splits on the separators outside double quotes; a part wholly in quotes loses them. */
function splitQuoted(cell: string): string[] {
  const parts: string[] = [];
  let rest = cell;
  for (;;) {
    const quoted = /^\s*"([^"]*)"\s*(?:$|[,;|]|:::)/.exec(rest);
    if (quoted) {
      parts.push(quoted[1] ?? '');
      rest = rest.slice(quoted[0].length);
      if (quoted[0].trimEnd().endsWith('"')) return parts;
      continue;
    }
    const separator = TAG_SEPARATORS.exec(rest);
    if (!separator) return [...parts, rest];
    parts.push(rest.slice(0, separator.index));
    rest = rest.slice(separator.index + separator[0].length);
  }
}

/** The existing tags as they are (spelling and order), then the incoming ones not already there. */
export function mergeTags(existing: readonly string[], incoming: readonly string[]): string[] {
  return appendNewTags([...existing], new Set(existing.map(toTagKey)), incoming);
}

function appendNewTags(tags: string[], seen: Set<string>, candidates: readonly string[]): string[] {
  for (const candidate of candidates) {
    const tag = candidate.trim();
    if (tag === '') continue;
    const key = toTagKey(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

/** The existing tags as they are, less those the incoming ones name, compared case-insensitively (SPEC §9 `remove`). */
export function removeTags(existing: readonly string[], incoming: readonly string[]): string[] {
  const removed = new Set(incoming.map((tag) => toTagKey(tag.trim())));
  return existing.filter((tag) => !removed.has(toTagKey(tag)));
}
