/** Schemas of the public integrity page, posters and monitoring-point feedback. */
export {};
