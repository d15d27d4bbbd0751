// The name of an import profile (SPEC §11): 1–64 letters, digits, "-" or "_", as a URL path segment and an S3
// key's folder (`drops/<ws>/<name>/…`) both carry it unescaped. Names are case-sensitive, as S3 keys are.

import { z } from 'zod';

export const PROFILE_NAME_RULE = '1 to 64 letters, digits, "-" or "_"';

const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const isProfileName = (name: string): boolean => PROFILE_NAME.test(name);

export const profileNameSchema = z
  .string({ error: `takes a profile name: ${PROFILE_NAME_RULE}` })
  .trim()
  .regex(PROFILE_NAME, `takes a profile name: ${PROFILE_NAME_RULE}`)
  .meta({ description: `An import profile's name: ${PROFILE_NAME_RULE}.`, example: 'nightly-crm' });
