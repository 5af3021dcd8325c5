/**
 * Photos as the platform keeps them: JPEG, PNG or WebP only (told by their first bytes, not by a name
 * or a header the client chose), turned upright, at most 1600 px on the longer side and re-encoded,
 * which drops EXIF (a phone photo's GPS position and device) and anything hidden after the image.
 */
import type { Sharp } from 'sharp';
import { AppError } from './errors.ts';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface PreparedImage {
  bytes: Buffer;
  contentType: ImageType;
  width: number;
  height: number;
}

export const MAX_IMAGE_SIDE = 1600;

/** The image type the bytes start with, or undefined for anything else. */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function encode(pipeline: Sharp, type: ImageType): Sharp {
  if (type === 'image/png') return pipeline.png({ compressionLevel: 9 });
  if (type === 'image/webp') return pipeline.webp({ quality: 82 });
  return pipeline.jpeg({ quality: 82, mozjpeg: true });
}

/**
 * Checks and re-encodes one uploaded photo; PHOTO_NOT_IMAGE names the file when it is not a JPEG,
 * PNG or WebP that decodes. Nothing is written anywhere: the caller stores the result.
 */
export async function prepareImage(bytes: Buffer, fileName: string): Promise<PreparedImage> {
  const type = sniffImageType(bytes);
  if (!type) throw new AppError('PHOTO_NOT_IMAGE', { file: fileName });
  // Loaded on first use: libvips is not needed to start the server or run a CLI command.
  const { default: sharp } = await import('sharp');
  try {
    // rotate() with no angle applies the EXIF orientation before the metadata goes.
    const pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: 100_000_000 })
      .rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await encode(pipeline, type).toBuffer({ resolveWithObject: true });
    return { bytes: data, contentType: type, width: info.width, height: info.height };
  } catch {
    // The right first bytes over a broken or hostile body: still not a photo we can keep.
    throw new AppError('PHOTO_NOT_IMAGE', { file: fileName });
  }
}

/** How many photos one step (a note, a resolution, a report) takes, and how large each may arrive (phone photos are 3–12 MB). */
export const photoLimits = { maxFiles: 6, maxFileBytes: 15 * 1024 * 1024 };

/** Every photo checked and re-encoded before anything is stored: one bad file and none is kept. */
export async function preparePhotos(files: { bytes: Buffer; fileName: string }[]): Promise<PreparedImage[]> {
  const prepared: PreparedImage[] = [];
  // One at a time: each decode holds a full-size bitmap in memory.
  for (const file of files) prepared.push(await prepareImage(file.bytes, file.fileName));
  return prepared;
}

/** A stored photo as its table row records it. */
export interface PhotoInsert {
  storageKey: string;
  contentType: ImageType;
  width: number;
  height: number;
  sizeBytes: number;
}

export const photoRows = (images: PreparedImage[], keys: string[]): PhotoInsert[] =>
  images.map((image, i) => ({ storageKey: keys[i], contentType: image.contentType, width: image.width, height: image.height, sizeBytes: image.bytes.length }));
