import type { Sharp } from 'sharp';

export type TRasterFormat = 'png' | 'jpg' | 'webp';

const JPEG_AND_WEBP_QUALITY = 95;

/** png and webp keep transparency; jpg has none, so it is flattened onto white (as the reference rembg wrapper did). */
export function encodeAs(image: Sharp, format: TRasterFormat): Sharp {
  switch (format) {
    case 'png':
      return image.png();
    case 'jpg':
      return image.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_AND_WEBP_QUALITY });
    case 'webp':
      return image.webp({ quality: JPEG_AND_WEBP_QUALITY });
  }
}
