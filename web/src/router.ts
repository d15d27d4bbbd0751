// The page's routes, in the URL's hash: `#/imports/<id>` opens that import's result, so a result can be linked to,
// reloaded and shared. Another view adds its own route (`#/contacts…`) with `add`.

export const importHref = (importId: string): string => `#/imports/${encodeURIComponent(importId)}`;

/** An import id as the API makes them (a ULID): anything else in the hash is no route. */
export const IMPORT_ROUTE = /^#\/imports\/([0-9A-HJKMNP-TV-Z]{26})$/;

export interface Router {
  /** `handler` runs when the hash matches `pattern` (its groups as arguments), at `start` and on every change. */
  add(pattern: RegExp, handler: (...groups: string[]) => void): void;
  /** Runs the route of the current hash, and from now on those of the hashes it changes to. */
  start(): void;
  /** Follows a link: to a new hash, or, already there, runs its route again (a second "Open" opens it again). */
  go(href: string): void;
  /** Puts `href` in the address bar without running its route (it shows already); `''` clears the hash. */
  replace(href: string): void;
}

export const createRouter = (): Router => {
  const routes: Array<{ pattern: RegExp; handler: (...groups: string[]) => void }> = [];
  let started = false;

  const run = () => {
    for (const { pattern, handler } of routes) {
      const match = pattern.exec(window.location.hash);
      if (match) return handler(...match.slice(1));
    }
  };

  window.addEventListener('hashchange', () => {
    if (started) run();
  });

  return {
    add: (pattern, handler) => {
      routes.push({ pattern, handler });
    },
    start: () => {
      if (started) return;
      started = true;
      run();
    },
    go: (href) => {
      if (window.location.hash === href) run();
      else window.location.hash = href;
    },
    replace: (href) => {
      if (window.location.hash === href) return;
      const { pathname, search } = window.location;
      window.history.replaceState(null, '', `${pathname}${search}${href}`);
    },
  };
};
