/** The credit part of a merchant's detail drawer (ledger, chart, deductions, plaques, objections) — owned by the credit screens. */
export function MerchantCreditTab(_props: { merchantId: string }) {
  return null;
}
