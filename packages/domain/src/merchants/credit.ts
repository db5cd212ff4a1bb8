/** Schemas of 十二分制 credit, flags, stars, plaques, evaluation rounds, promises, objections. */
export {};
