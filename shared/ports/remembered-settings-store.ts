// Port: the settings a workspace remembers per header row (SPEC §11), from its last completed import of it.

import type { RememberedSettings } from '../profiles/remembered-settings.js';

export interface RememberedSettingsStore {
  getRemembered(workspaceId: string, headerKey: string): Promise<RememberedSettings | undefined>;
  /**
   * Keeps these settings for the header row unless settings of an import that completed later are kept already:
   * two imports ending at once leave the later one's, and doing it again (a retried completion) changes nothing.
   */
  remember(workspaceId: string, headerKey: string, settings: RememberedSettings): Promise<void>;
}
