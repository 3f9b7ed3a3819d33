/**
 * Where a file's bytes live in the bucket: ids only, never a name a user chose, so no upload can
 * land on another's key or smuggle a path.
 */
export const objectKeyOf = (villageId: string, fileId: string): string =>
  `villages/${villageId}/files/${fileId}`;
