import { mediaTypeEssence } from '@vv/contracts';

/**
 * Types a browser may show in place: they cannot run script in the store's origin. Everything
 * else (HTML, SVG, XML, scripts, unknown types) is served as an attachment.
 */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
]);
const INLINE_FAMILIES = ['audio/', 'video/'];

export const isInlineSafe = (contentType: string): boolean => {
  const essence = mediaTypeEssence(contentType);
  return INLINE_TYPES.has(essence) || INLINE_FAMILIES.some((family) => essence.startsWith(family));
};

/** RFC 5987 value characters (attr-char); everything else is percent-encoded. */
const encodeExtValue = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The `Content-Disposition` of a download (RFC 6266): `inline` only for inline-safe types; the
 * name as an ASCII fallback (quotes, backslashes, controls and non-ASCII replaced) and as UTF-8
 * in `filename*`, so no name can break out of the header.
 */
export function contentDispositionOf(fileName: string, contentType: string): string {
  const disposition = isInlineSafe(contentType) ? 'inline' : 'attachment';
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
