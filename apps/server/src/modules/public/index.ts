export { publicRoutes, type PublicRouteOptions } from './public.routes.ts';
export { buildWordFilter, DEFAULT_SENSITIVE_WORDS, sensitiveWordList } from './sensitiveWords.ts';
