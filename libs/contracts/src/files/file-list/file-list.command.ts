import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { file, folderPath } from '../file/file.schema';

/** `?folder=&recursive=&limit=&cursor=` of `GET /v1/villages/{villageId}/files`. */
export const fileListQuery = pageQuery.extend({
  folder: folderPath.default('/'),
  /** `true`: the folder's subfolders' files too. */
  recursive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const fileList = defineCommand({
  service: 'files',
  name: 'file.list',
  version: 1,
  summary:
    "A folder's ready files the caller may see, by folder then name, and the names of its subfolders (first page only)",
  request: pageQuery.extend({
    villageId: uuid,
    folder: folderPath.default('/'),
    recursive: z.boolean().default(false),
  }),
  response: page(file).extend({
    /** The folder's immediate subfolders holding files the caller may see (on the first page). */
    folders: z.array(z.string()),
  }),
});
