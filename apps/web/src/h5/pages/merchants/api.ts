import { isValidPhone } from '@tongxin/domain';
import type { CreditEntry, CreditItem, CreditObjection, Merchant, MerchantCard, MerchantCredit, MonitoringFeedback, MonitoringPoint } from '@tongxin/domain';
import { get, post } from '../../../shared/api.ts';

/** What a found merchant's line shows: the card's fields the registry's rows carry too. */
export type FoundMerchant = Pick<MerchantCard, 'id' | 'name' | 'address' | 'gridName' | 'creditPoints' | 'creditStars' | 'creditFlag'>;

/** The H5 merchant screens' calls (integrity module for lookup and feedback, credit module for the ledger). */
export const merchantsApi = {
  lookup: (q: string) => get<{ items: MerchantCard[] }>('/integrity/merchants', { q }),
  /** the registry's exact contact-phone lookup (blind index), in the caller's scope as the lookup */
  byPhone: (phone: string) => get<{ items: Merchant[] }>('/merchants', { phone, pageSize: 20 }),
  card: (id: string) => get<MerchantCard>(`/integrity/merchants/${id}`),
  credit: (id: string) => get<MerchantCredit>(`/merchants/${id}/credit`),
  catalogue: () => get<{ items: CreditItem[] }>('/credit/catalogue'),
  deduct: (id: string, body: { itemId: string; photos: string[]; place?: string | null; note?: string | null }) =>
    post<CreditEntry>(`/merchants/${id}/credit/entries`, { kind: 'deduction', ...body }),
  object: (id: string, body: { entryId: string; reason: string }) => post<CreditObjection>(`/merchants/${id}/credit/objections`, body),
  monitoringPoints: () => get<{ items: MonitoringPoint[] }>('/integrity/monitoring-points'),
  units: () => get<{ items: { id: string; name: string }[] }>('/integrity/units'),
  fileFeedback: (body: { merchantId: string; topic: 'service' | 'conduct'; concernedUnitId?: string | null; description: string; photos: string[] }) =>
    post<MonitoringFeedback>('/integrity/feedback', body),
  myFeedback: (page: number) => get<{ items: MonitoringFeedback[]; total: number }>('/integrity/feedback', { page, pageSize: 20 }),
};

/**
 * The merchants a search box's text finds: a whole phone number (mobile or landline, in any spelling) is the shop's
 * contact phone, looked up exactly; anything else — or a number no shop has, which may still be a code — is a name,
 * credit code or the code under the QR.
 */
export async function findMerchants(text: string): Promise<FoundMerchant[]> {
  if (isValidPhone(text)) {
    const byPhone = (await merchantsApi.byPhone(text)).items;
    if (byPhone.length > 0) return byPhone;
  }
  return (await merchantsApi.lookup(text)).items;
}

/** The poster print view of one merchant (opened in a new tab; the session cookie goes along). */
export const posterUrl = (id: string) => `/api/v1/integrity/posters/${id}`;

/**
 * Reads the QR code in a photo with the browser's own BarcodeDetector (Chrome/Edge on Android, recent WebViews);
 * returns null where the browser has none or nothing is found, and the inspector types the code instead.
 */
export async function decodeQr(file: File): Promise<string | null> {
  const Detector = (
    globalThis as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => { detect(i: ImageBitmap): Promise<{ rawValue: string }[]> } }
  ).BarcodeDetector;
  if (!Detector) return null;
  try {
    const bitmap = await createImageBitmap(file);
    const found = await new Detector({ formats: ['qr_code'] }).detect(bitmap);
    bitmap.close();
    return found[0]?.rawValue ?? null;
  } catch {
    return null;
  }
}

/** True when this browser can read QR codes from a photo. */
export const canDecodeQr = () => 'BarcodeDetector' in globalThis;
