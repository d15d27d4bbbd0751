// Saved settings as the API takes and shows them (SPEC §11): `GET /import-profiles`, `PUT`/`DELETE
// /import-profiles/{name}`, and the remembered settings a preview applied.

import { z } from 'zod';
import { IMPORT_OPTIONS } from '../options/import-option-schema.js';
import { PROFILE_OPTION_NAMES, profileOptionsSchema } from '../profiles/import-profile.js';
import { profileNameSchema } from '../profiles/profile-name.js';
import { REMEMBERED_OPTION_NAMES } from '../profiles/remembered-settings.js';
import { importIdSchema } from './import-summary.js';
import { sentValueSchema } from './sent-value-schema.js';

const sentOptions = (names: readonly string[]) =>
  z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        sentValueSchema(IMPORT_OPTIONS[name as keyof typeof IMPORT_OPTIONS].schema, false).optional(),
      ]),
    ),
  );

/** `PUT /import-profiles/{name}`'s body: any of the options a profile holds, each as an import takes it. */
export const profileBodySchema = profileOptionsSchema.meta({
  id: 'ImportProfileOptions',
  description: `Any of ${PROFILE_OPTION_NAMES.join(', ')}, each validated as the import option of that name.`,
});

export const profilePathSchema = z.object({ name: profileNameSchema });

export const importProfileSchema = z
  .object({
    name: profileNameSchema,
    options: sentOptions(PROFILE_OPTION_NAMES).meta({
      description: 'The options the profile sets, normalised.',
    }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ImportProfile' });

export const importProfilesSchema = z
  .object({ profiles: z.array(importProfileSchema).meta({ description: 'By name.' }) })
  .meta({ id: 'ImportProfiles' });

/** The settings remembered for a header row that an import (or a preview) took: from which import, which options. */
export const rememberedSettingsSchema = z
  .object({
    importId: importIdSchema.meta({ description: 'The last completed import of a file with this header.' }),
    finishedAt: z.iso.datetime(),
    options: sentOptions(REMEMBERED_OPTION_NAMES).meta({
      description: 'The options taken from it: those the request did not give, nor its profile.',
    }),
  })
  .meta({ id: 'RememberedSettings' });

export type ImportProfileJson = z.infer<typeof importProfileSchema>;
export type ImportProfilesJson = z.infer<typeof importProfilesSchema>;
export type RememberedSettingsJson = z.infer<typeof rememberedSettingsSchema>;
