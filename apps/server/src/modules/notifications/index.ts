export { notificationRoutes } from './notifications.routes.ts';
export {
  runNotificationsOnce,
  consumeOutboxOnce,
  OUTBOX_RETENTION_DAYS,
  backoffMs,
  planMessages,
  type WorkerOptions,
  type WorkerResult,
} from './notifications.worker.ts';
export { signBody, dingtalkSign } from './notifications.formats.ts';
export { localSink, type SmsProvider } from './notifications.sms.ts';
export { isBlockedAddress, urlProblem } from './notifications.urls.ts';
