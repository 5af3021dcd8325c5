import { Button, ImageUploader, Toast, type ImageUploadItem } from 'antd-mobile';
import { PictureOutline } from 'antd-mobile-icons';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** The server takes at most six photos with a step (platform/images.ts photoLimits). */
export const MAX_PHOTOS = 6;

/** A picked photo: its preview is a local object URL, the file itself rides along to be sent with the form. */
export type PickedPhoto = ImageUploadItem & { extra: File };

export function pickedFiles(photos: PickedPhoto[] | undefined): File[] {
  return (photos ?? []).map((photo) => photo.extra);
}

/**
 * 现场照片: the tile opens the camera (capture=environment, which on a phone skips the album), the
 * button below chooses several from the album; previews to tap and remove. Nothing is uploaded
 * until the form is sent. Form.Item hands it value and onChange.
 */
export function PhotoField({ value = [], onChange, testId }: { value?: PickedPhoto[]; onChange?: (photos: PickedPhoto[]) => void; testId: string }) {
  const { t } = useTranslation();
  const album = useRef<HTMLInputElement>(null);
  // Previews are object URLs the page owns: freed when removed, and all of them when the form goes away.
  const urls = useRef(new Set<string>());
  useEffect(() => {
    const owned = urls.current;
    return () => owned.forEach((url) => URL.revokeObjectURL(url));
  }, []);
  const preview = async (file: File): Promise<PickedPhoto> => {
    const url = URL.createObjectURL(file);
    urls.current.add(url);
    return { url, extra: file };
  };
  const tooMany = () => Toast.show(t('tickets.photosHint', { count: MAX_PHOTOS }));
  const addFromAlbum = async (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    const room = MAX_PHOTOS - value.length;
    if (chosen.length > room) tooMany();
    onChange?.([...value, ...(await Promise.all(chosen.slice(0, room).map(preview)))]);
    if (album.current) album.current.value = '';
  };
  return (
    <div data-testid={testId}>
      <ImageUploader
        value={value}
        onChange={(items) => onChange?.(items as PickedPhoto[])}
        upload={preview}
        onDelete={(item) => {
          URL.revokeObjectURL(item.url);
          urls.current.delete(item.url);
        }}
        accept="image/*"
        capture="environment"
        maxCount={MAX_PHOTOS}
        onCountExceed={tooMany}
      />
      <div className="linli-m-photo-more">
        <Button size="small" fill="outline" disabled={value.length >= MAX_PHOTOS} onClick={() => album.current?.click()}>
          <PictureOutline /> {t('tickets.album')}
        </Button>
        <span className="linli-m-hint">{t('tickets.photosHint', { count: MAX_PHOTOS })}</span>
      </div>
      <input ref={album} type="file" accept="image/*" multiple hidden onChange={(event) => void addFromAlbum(event.target.files)} data-testid={`${testId}-album`} />
    </div>
  );
}
