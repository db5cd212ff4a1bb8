/** Labels of the coded webhook send errors the server stores (`code` or `code: detail`, see notifications.errors.ts). */
import { t } from '../../../shared/i18n.ts';

const KNOWN = new Set([
  'timeout',
  'dns',
  'connect_refused',
  'connect_reset',
  'unreachable',
  'tls',
  'blocked_address',
  'blocked_port',
  'invalid_response',
  'rejected',
  'rate_limited',
  'network',
]);

/** The label to show and the technical detail (for a tooltip) of a stored send error. */
export function sendErrorText(raw: string): { label: string; detail: string } {
  const at = raw.indexOf(': ');
  const code = at < 0 ? raw : raw.slice(0, at);
  const detail = at < 0 ? '' : raw.slice(at + 2);
  const http = /^http_(\d{3})$/.exec(code);
  if (http) return { label: t('notifications.sendError.http', { status: http[1] ?? '' }), detail };
  if (KNOWN.has(code)) return { label: t(`notifications.sendError.${code}`), detail };
  // rows written before errors were coded keep their raw text as the detail
  return { label: t('notifications.sendError.unknown'), detail: raw };
}

/** The label over the detail, for a tooltip. */
export function SendErrorTip({ raw }: { raw: string }) {
  const e = sendErrorText(raw);
  return (
    <>
      <div>{e.label}</div>
      {e.detail && <div style={{ opacity: 0.75, wordBreak: 'break-all' }}>{t('notifications.sendError.detail', { detail: e.detail })}</div>}
    </>
  );
}
