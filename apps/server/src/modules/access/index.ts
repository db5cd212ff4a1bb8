export {
  requireTenant,
  requireAllianceScope,
  requireCityAdmin,
  resolveScope,
  scopeFilter,
  assertRefsInScope,
  type ResolvedScope,
  type ScopeColumns,
} from './scope.ts';
export { assertRefs, assertUniqueInAlliance } from './refs.ts';
export { listParams, paged } from './paging.ts';
