import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AppError } from './errors.ts';
import { MAX_IMAGE_SIDE, prepareImage, sniffImageType } from './images.ts';

const picture = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3a7' } });

describe('photos', () => {
  it('tells JPEG, PNG and WebP by their first bytes, and nothing else', async () => {
    expect(sniffImageType(await picture(4, 4).jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffImageType(await picture(4, 4).png().toBuffer())).toBe('image/png');
    expect(sniffImageType(await picture(4, 4).webp().toBuffer())).toBe('image/webp');
    expect(sniffImageType(await picture(4, 4).gif().toBuffer())).toBeUndefined();
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBeUndefined();
  });

  it('shrinks a large photo to 1600 px, keeps its proportions and drops EXIF', async () => {
    const original = await picture(4000, 3000).withExif({ IFD0: { Artist: 'resident phone', Copyright: 'GPS 29.8N 121.5E' } }).jpeg().toBuffer();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const prepared = await prepareImage(original, 'site.jpg');
    expect(prepared).toMatchObject({ contentType: 'image/jpeg', width: MAX_IMAGE_SIDE, height: 1200 });
    const meta = await sharp(prepared.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(prepared.bytes.toString('latin1')).not.toContain('GPS 29.8N');
  });

  it('refuses a file that only pretends to be a photo, naming it', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('not really a jpeg')]);
    await expect(prepareImage(fake, '现场.jpg')).rejects.toMatchObject({ code: 'PHOTO_NOT_IMAGE', params: { file: '现场.jpg' } } satisfies Partial<AppError>);
    await expect(prepareImage(Buffer.from('hello'), 'notes.txt')).rejects.toMatchObject({ code: 'PHOTO_NOT_IMAGE' });
  });
});
