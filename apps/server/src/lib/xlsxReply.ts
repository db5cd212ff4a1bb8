import type { FastifyReply } from 'fastify';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A value of RFC 5987's ext-value: encodeURIComponent leaves ' ( ) * as they are, which attr-char does not allow. */
const extValue = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Sends a workbook as a download; the UTF-8 file name goes in filename* (RFC 6266 / RFC 5987), an ASCII one in filename. */
export function sendXlsx(reply: FastifyReply, name: string, bytes: Buffer, asciiName = 'export.xlsx') {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${extValue(name)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
