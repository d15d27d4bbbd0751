// One read of a poll (an import's or an undo's progress), riding out a few network hiccups in a row.

import { ApiError } from './api.js';
import { sleep } from './dom.js';

/** Network failures in a row a poll rides out before it gives up. */
export const POLL_RETRIES = 5;
const RETRY_MS = 2000;

export interface PollReadOptions {
  /** Told of each network failure the read will try again after. */
  onRetry?: (error: ApiError) => void;
  /** True once nobody waits for the read any more (the view left, another import was opened). */
  abandoned?: () => boolean;
}

/**
 * `read()`, tried again after a network failure up to POLL_RETRIES times in a row; any other error, or the last
 * network one, is thrown. `undefined` when the read was abandoned while it waited to try again.
 */
export const pollRead = async <T>(read: () => Promise<T>, options: PollReadOptions = {}) => {
  for (let failures = 1; ; failures++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'network' && failures < POLL_RETRIES)) throw error;
      options.onRetry?.(error);
      await sleep(RETRY_MS);
      if (options.abandoned?.()) return undefined;
    }
  }
};
