// Small DOM helpers: elements built with text nodes only (never innerHTML), lookups that check their type.

type Child = Node | string | number | null | undefined | false;
type AttributeValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** Creates an element; `on…` attributes given a function become listeners, `false`/`null`/`undefined` are left out. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
};

export const append = (parent: Node, ...children: Child[]): void => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
};

/** Replaces an element's children; absent children (`null`, `false`) are left out. */
export const fill = (parent: Element, ...children: Child[]): void => {
  parent.replaceChildren();
  append(parent, ...children);
};

export const byId = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the page`);
  return element;
};

export type MessageKind = 'error' | 'ok' | 'info';

/** Writes a message into its (live) element; an empty text hides it. */
export const showMessage = (element: HTMLElement, text: string, kind: MessageKind = 'info'): void => {
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = text === '';
};

export const formatNumber = (value: number): string => value.toLocaleString('en-US');

/** `1 row`, `3 rows`. */
export const countOf = (value: number, noun: string): string =>
  `${formatNumber(value)} ${value === 1 ? noun : `${noun}s`}`;

export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};

export const formatDate = (iso: string | undefined): string => {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
};

/** Hands a downloaded file to the browser as a normal download. */
export const saveFile = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A table inside a scrolling, focusable region, so that wide tables stay readable on a narrow screen. */
export const scrollingTable = (label: string, table: HTMLTableElement): HTMLElement =>
  h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: 0 }, table);
