/** Schemas of the merchant registry and its Excel import. */
export {};
