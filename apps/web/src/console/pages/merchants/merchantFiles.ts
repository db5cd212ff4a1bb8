import { CLIENT_HEADER, type MerchantImportMode, type MerchantImportResult } from '@tongxin/domain';
import { currentLocale } from '../../../shared/i18n.ts';
import { failure } from '../../lib/download.ts';

/** Uploads a workbook to POST /merchants/import (multipart field "file"). */
export async function importWorkbook(file: File, mode: MerchantImportMode): Promise<MerchantImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  // the reasons of rejected rows (answer and report) come in the user's language, like a downloaded file
  const res = await fetch(`/api/v1/merchants/import?mode=${mode}&lang=${currentLocale()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { [CLIENT_HEADER]: '1' },
    body: form,
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as MerchantImportResult;
}

/** The A5 print view of a merchant's integrity QR poster (opens in a new tab, where the browser prints it). */
export const posterUrl = (merchantId: string) => `/api/v1/integrity/posters/${encodeURIComponent(merchantId)}`;
