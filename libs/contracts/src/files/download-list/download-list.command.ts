import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, page, pageQuery, uuid } from '../../common/schemas';

export const fileDownloadRecord = z.object({
  id: uuid,
  fileId: uuid,
  userId: uuid,
  downloadedAt: isoTimestamp,
});
export type FileDownloadRecord = z.output<typeof fileDownloadRecord>;

export const downloadList = defineCommand({
  service: 'files',
  name: 'download.list',
  version: 1,
  summary: "A file's downloads, newest first (its owner and files.manage)",
  request: pageQuery.extend({ fileId: uuid }),
  response: page(fileDownloadRecord),
});
