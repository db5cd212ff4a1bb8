export { recount, RECOUNTERS, UnknownAllianceError, type AllianceRecount } from './recount.service.ts';
