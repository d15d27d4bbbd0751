// The port for API keys: only their hashes are stored.

export interface StoredApiKey {
  keyHash: string;
  workspaceId: string;
  /** The first characters of the key, to tell keys apart in a listing without revealing them. */
  prefix: string;
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeyStore {
  putApiKey(key: StoredApiKey): Promise<void>;
  getApiKey(keyHash: string): Promise<StoredApiKey | undefined>;
  /** The workspace's keys (revoked ones included), oldest first. */
  listApiKeys(workspaceId: string): Promise<StoredApiKey[]>;
  /** Marks the key revoked (the first revocation's time stays); false when no such key exists. */
  revokeApiKey(keyHash: string, revokedAt: string): Promise<boolean>;
}
