import { z } from 'zod';
import { dataField } from '../../common/schemas';
import { villageDescription, villageName, villageVisibility } from './village.schema';

/** A fixed village's key in metadata `app/villages`: stable, it names the village across renames. */
export const fixedVillageKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . -');

/** One app-defined village. `autoJoin`: every new account joins it as `member` at signup. */
export const fixedVillage = z.strictObject({
  name: villageName,
  description: villageDescription.optional(),
  visibility: villageVisibility,
  autoJoin: z.boolean().optional(),
  data: dataField.optional(),
});
export type FixedVillage = z.output<typeof fixedVillage>;

/** Metadata `app/villages`: the app's fixed villages by key; they exist after identity starts. */
export const appVillagesDocument = z.record(fixedVillageKey, fixedVillage);
export type AppVillagesDocument = z.output<typeof appVillagesDocument>;
