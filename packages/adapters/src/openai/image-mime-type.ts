import { extname } from 'node:path';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.gif': 'image/gif',
};

const UNKNOWN = 'application/octet-stream';

/**
 * The MIME type of an upload: from the bytes' signature when recognisable (a mislabelled file still gets its real
 * type), else from the file extension, else `application/octet-stream`. The original sent bmp/tiff as image/jpeg.
 */
export function imageMimeType(filename: string, bytes: Uint8Array): string {
  return sniffImageType(bytes) ?? MIME_BY_EXTENSION[extname(filename).toLowerCase()] ?? UNKNOWN;
}

function sniffImageType(bytes: Uint8Array): string | undefined {
  const startsWith = (signature: number[], offset = 0): boolean =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith([0x49, 0x49, 0x2a, 0x00]) || startsWith([0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith([0x42, 0x4d])) return 'image/bmp';
  return undefined;
}
