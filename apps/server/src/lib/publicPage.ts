import type { FastifyReply } from 'fastify';
import { html, page, type SafeHtml } from './html.ts';
import { HTML_LANG, type PageLang } from './pageLang.ts';

/** Strict headers for the server-rendered public pages: inline styles only, no script, forms post back here. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Sends a public page: the strict policy, never cached or indexed, no referrer. */
export function sendPublicPage(reply: FastifyReply, status: number, body: SafeHtml): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(body.value);
}

const CSS = `body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f5}
main{max-width:640px;margin:0 auto;padding:24px 16px}section{background:#fff;border-radius:8px;padding:16px}h1{font-size:20px;color:#c00;margin:0 0 8px}`;

/** The 429 page's texts, one table per page language (lib/pageLang.ts), like the other public pages'. */
export const TOO_MANY_TEXT: Record<PageLang, Record<'submit' | 'view', { title: string; text: string }>> = {
  zh: {
    submit: { title: '提交过于频繁', text: '为防止恶意提交，同一网络每分钟只能提交有限次数。请稍等一分钟后返回上一页重试，您填写的内容不会被记录。' },
    view: { title: '访问过于频繁', text: '同一网络每分钟只能打开有限次数，请稍等一分钟后刷新本页。' },
  },
  en: {
    submit: {
      title: 'Too many submissions',
      text: 'To prevent abuse, each network may submit only a few times a minute. Please wait a minute, then go back and try again; what you entered has not been recorded.',
    },
    view: {
      title: 'Too many requests',
      text: 'Each network may open this page only a limited number of times a minute. Please wait a minute, then reload it.',
    },
  },
};

/**
 * What a resident's browser shows when a public form or page was used too often (429): a page in the browser's language
 * (Chinese by default), not the API's JSON. The rate limit's `retry-after` header stays on the answer; the caller says
 * `Vary: Accept-Language`.
 */
export function tooManyRequestsPage(kind: 'submit' | 'view', lang: PageLang = 'zh'): SafeHtml {
  const { title, text } = TOO_MANY_TEXT[lang][kind];
  return page({
    title,
    css: CSS,
    lang: HTML_LANG[lang],
    body: html`<section>
      <h1>${title}</h1>
      <p>${text}</p>
    </section>`,
  });
}
