// The upload limit learnt from POST /imports, kept in this browser: a file over it is refused before its upload.

const MAX_BYTES_KEY = 'contacts-import.maxBytes';

export const readUploadLimit = (): number | undefined => {
  try {
    const value = Number(localStorage.getItem(MAX_BYTES_KEY));
    return value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
};

export const rememberUploadLimit = (maxBytes: number): void => {
  try {
    localStorage.setItem(MAX_BYTES_KEY, String(maxBytes));
  } catch {
    // Without storage the limit is checked after POST /imports only.
  }
};
