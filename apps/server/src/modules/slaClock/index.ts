export {
  runSlaClockOnce,
  runSlaRules,
  SLA_CLOCK_LEASE,
  SLA_LEASE_MS,
  CALLBACK_AFTER_MS,
  CLOSE_UNRATED_AFTER_MS,
  type SlaClockResult,
} from './slaClock.service.ts';
