// Configuration read once at cold start: a missing or malformed variable fails loudly, never defaults silently.

export const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
};

export const numberEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`environment variable ${name} must be a positive number`);
  return value;
};

/** 5 GiB: the largest object a single S3 PUT or POST accepts, and SPEC §5's limit. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 ** 3;
