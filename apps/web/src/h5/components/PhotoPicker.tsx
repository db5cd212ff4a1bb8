import { ImageUploader, Toast, type ImageUploadItem } from 'antd-mobile';
import { useEffect, useRef } from 'react';
import { ApiError } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { errorText } from '../errors.ts';
import { compressPhoto } from '../pages/tickets/compress.ts';
import { uploadPhoto } from '../pages/tickets/publicApi.ts';

/** A photo taken for a ticket: the server's file id and a local preview URL. */
export type PickedPhoto = ImageUploadItem & { extra: { id: string } };

/**
 * Up to `max` photos straight from the camera (`capture="environment"`), compressed on the phone to a JPEG of at
 * most 1600 px and uploaded one by one; `onBusy` says while uploads are running (the form waits for them).
 */
export function PhotoPicker(p: {
  value: PickedPhoto[];
  onChange: (v: PickedPhoto[]) => void;
  max?: number;
  signedIn: boolean;
  onBusy?: (busy: boolean) => void;
}) {
  const max = p.max ?? 3;
  const urls = useRef<string[]>([]);
  // the previews are object URLs of the compressed blobs: free them when the form goes away
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const upload = async (file: File): Promise<PickedPhoto> => {
    try {
      const jpeg = await compressPhoto(file);
      const { id } = await uploadPhoto(jpeg, (file.name.replace(/\.[^.]*$/, '') || 'photo') + '.jpg', p.signedIn);
      const url = URL.createObjectURL(jpeg);
      urls.current.push(url);
      return { url, extra: { id } };
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? errorText(e) : t('h5.ticket.photoDecodeFailed') });
      throw e;
    }
  };

  return (
    <div className="tx-photo-picker">
      <ImageUploader
        value={p.value}
        onChange={(v) => p.onChange(v as PickedPhoto[])}
        upload={upload}
        accept="image/*"
        capture="environment"
        multiple={false}
        maxCount={max}
        showFailed={false}
        onCountExceed={() => Toast.show({ content: t('h5.ticket.photoMax', { n: max }) })}
        onUploadQueueChange={(tasks) => p.onBusy?.(tasks.some((x) => x.status === 'pending'))}
      />
      <div className="tx-hint">{t('h5.ticket.photoHint', { n: max })}</div>
    </div>
  );
}
