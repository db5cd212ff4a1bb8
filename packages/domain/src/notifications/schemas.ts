/** Schemas of the inbox and webhooks. */
export {};
