import type { MerchantQuery } from '@tongxin/domain';
import type { Deps } from '../../lib/context.ts';
import type { MerchantFilter } from './merchants.repo.ts';

/** The list's and the export's query as the repo filters: `?phone=` becomes the blind indexes of the contact phone. */
export function merchantFilter(deps: Pick<Deps, 'cipher'>, q: Omit<MerchantQuery, 'page' | 'pageSize'>): MerchantFilter {
  const { phone, ...rest } = q;
  return phone === undefined ? rest : { ...rest, phoneBidx: deps.cipher.phoneLookup(phone) };
}
