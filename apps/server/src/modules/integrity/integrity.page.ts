import { plaqueLabel } from '@tongxin/domain';
import { escapeHtml, html, page, pageShell, raw, type SafeHtml } from '../../lib/html.ts';

// Kept small on purpose: the whole page with its CSS stays far below 15 KB (the tests check it).
const CSS = `*{box-sizing:border-box}body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f5}
main{max-width:560px;margin:0 auto;padding:12px}h1{font-size:21px;margin:6px 0 2px;word-break:break-all}.al{color:#888;font-size:13px;margin:0 0 10px}
section{background:#fff;border-radius:8px;padding:12px 14px;margin-bottom:12px}h2{font-size:16px;margin:0 0 8px}
.b{display:inline-block;padding:1px 8px;margin:0 6px 6px 0;border-radius:10px;font-size:13px;background:#fff1f0;color:#c00;border:1px solid #ffa39e}
.pm{background:#c00;color:#fff;border-color:#c00}.k b.st{color:#fa8c16;font-size:22px;letter-spacing:2px}
.k{display:grid;grid-template-columns:repeat(3,1fr);text-align:center;gap:6px}.k b{display:block;font-size:22px;color:#c00}.k span{color:#888;font-size:13px}
.fl{font-weight:600}.red{color:#c00}.yellow{color:#d48806}.pr{white-space:pre-wrap;word-break:break-all;margin:0}
label{display:block;margin:8px 0 4px}textarea,input[type=tel]{width:100%;font:inherit;padding:6px;border:1px solid #ccc;border-radius:4px}textarea{min-height:88px}
.c{display:flex;gap:6px;align-items:flex-start;font-size:13px;color:#555}.c input{margin-top:4px}
button{width:100%;padding:10px;font:inherit;font-size:16px;color:#fff;background:#c00;border:0;border-radius:6px;margin-top:10px}
.msg{padding:8px 12px;border-radius:6px;background:#fff7e6;border:1px solid #ffd591}.ok{background:#f6ffed;border-color:#b7eb8f}.n{color:#888;font-size:13px}
footer{color:#999;font-size:12px;text-align:center;padding:8px}`;

const FOOTER = '同心 · 商圈党建联盟 · 诚信二维码';

/** The page shell (lib/html.ts page) with this page's CSS and footer. */
function layout(title: string, body: SafeHtml): SafeHtml {
  return page({ title, css: CSS, body, footer: FOOTER });
}

/** What the public page shows of a merchant: no personal data beyond the operator's surname. */
export interface PageView {
  code: string;
  name: string;
  allianceName: string;
  plaques: string[];
  stars: number | null;
  points: number;
  flag: string | null;
  promise: string | null;
  partyMember: boolean;
  operatorSurname: string | null;
  upheld: number;
  year: number;
  operating: boolean;
}

const FLAG_ZH: Record<string, string> = { red: '红旗', yellow: '黄旗' };

/** '王某' from '王小明': the surname only (the first character), never the full name. */
export function surnameOf(operatorName: string | null): string | null {
  const first = operatorName ? [...operatorName.trim()][0] : undefined;
  return first ? `${first}某` : null;
}

/** ★★★☆☆ for 3 of 5; '—' while not yet rated. */
export function starText(stars: number | null): string {
  if (stars === null) return '—';
  const n = Math.max(0, Math.min(5, Math.round(stars)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

/** What a refused submission sent back, shown again so that nothing has to be typed twice (the photo must be chosen again). */
export interface ComplaintFormState {
  description: string;
  phone?: string;
  consent?: boolean;
  message: { text: string; ok: boolean };
}

// a mobile (spaces, dashes, +86 allowed) or a landline with its area code: the browser checks it before sending, so a
// mistyped number costs no submission of the per-minute limit (the server's PhoneInput accepts at least these)
const PHONE_PATTERN = String.raw`(\+86|0086)?[\-\s]?1[3-9]\d[\-\s]?\d{4}[\-\s]?\d{4}|[\(（]?0\d{2,3}[\)）]?[\-\s]?[2-9]\d{2,3}[\-\s]?\d{4}(-\d{1,6})?`;

// The page's own markup is built by concatenation with escapeHtml on every value, not with the html`` template: it is
// the hottest public page, and the template's per-value rendering cost as much as reading the merchant's row.
const e = escapeHtml;

function complaintForm(code: string, form?: ComplaintFormState): string {
  const msg = form ? `<p class="msg${form.message.ok ? ' ok' : ''}">${e(form.message.text)}</p>` : '';
  return (
    `<section><h2>我要投诉</h2>${msg}<form method="post" action="/m/${e(code)}/complaint" enctype="multipart/form-data">` +
    `<label for="d">投诉内容</label><textarea id="d" name="description" maxlength="1000" required placeholder="请描述消费纠纷、服务问题等，勿填写他人隐私">\n${e(form?.description ?? '')}</textarea>` +
    `<label for="p">联系电话（选填，仅工作人员回访使用）</label><input id="p" type="tel" name="phone" maxlength="24" autocomplete="tel" pattern="${e(PHONE_PATTERN)}" title="请填写 11 位手机号，或带区号的座机号" value="${e(form?.phone ?? '')}" />` +
    `<label for="f">照片（选填）</label><input id="f" type="file" name="photo" accept="image/*" />` +
    `<label class="c"><input type="checkbox" name="consent" value="on" required${form?.consent ? ' checked' : ''} /><span>我已阅读并同意：所填信息仅用于处理本投诉，电话加密保存、对外脱敏显示。</span></label>` +
    `<button type="submit">提交投诉</button></form></section>`
  );
}

/** Everything of the merchant's page above the complaint form. */
function merchantBody(v: PageView): string {
  let badges = v.partyMember ? '<span class="b pm">党员经营户</span>' : '';
  for (const p of v.plaques) if (p !== 'party_member' && p !== '党员经营户') badges += `<span class="b">${e(plaqueLabel(p))}</span>`;
  const flag = v.flag ? `<p class="fl ${e(v.flag)}">本月${e(FLAG_ZH[v.flag] ?? v.flag)}商户</p>` : '';
  const operator = v.operatorSurname ? `<p class="n">经营者：${e(v.operatorSurname)}${v.partyMember ? '（党员）' : ''}</p>` : '';
  return (
    `<h1>${e(v.name)}</h1><p class="al">${e(v.allianceName)}${v.operating ? '' : ' · 已歇业'}</p><section>${badges}<div class="k">` +
    `<div><b class="st">${starText(v.stars)}</b><span>诚信星级</span></div>` +
    `<div><b>${v.points}</b><span>本周期信用分（满分12）</span></div>` +
    `<div><b>${v.upheld}</b><span>${v.year}年属实投诉</span></div></div>${flag}</section>` +
    `<section><h2>亮身份 · 亮职责 · 亮承诺</h2>${operator}<p class="pr">${e(v.promise ?? '商户尚未公开承诺。')}</p></section>`
  );
}

const titleOf = (v: PageView) => `${v.name} · 诚信码`;

/** The integrity page of one merchant: name, badges, stars, points, flag, promise, upheld complaints this year, complaint form. */
export function merchantPage(v: PageView, form?: ComplaintFormState): SafeHtml {
  return layout(titleOf(v), raw(merchantBody(v) + (v.operating ? complaintForm(v.code, form) : '')));
}

// The constant bytes of merchantPage, encoded once: the shell, and the empty complaint form around the public code
// (URL-safe characters, nothing to escape). The hottest public route then encodes only the merchant's part.
const SHELL = pageShell({ css: CSS, footer: FOOTER });
const CODE_MARK = 'CODEMARK';
const [FORM_BEFORE_CODE, FORM_AFTER_CODE] = complaintForm(CODE_MARK).split(CODE_MARK) as [string, string];
const HEAD_BYTES = Buffer.from(SHELL.head);
const FORM_BEFORE_BYTES = Buffer.from(FORM_BEFORE_CODE);
const FORM_AFTER_BYTES = Buffer.from(FORM_AFTER_CODE);
const TAIL_BYTES = Buffer.from(SHELL.tail);

/** merchantPage(v) as UTF-8, byte for byte, assembled from the pre-encoded constant parts. */
export function merchantPageBytes(v: PageView): Buffer {
  const middle = Buffer.from(SHELL.open(titleOf(v)) + merchantBody(v));
  return v.operating
    ? Buffer.concat([HEAD_BYTES, middle, FORM_BEFORE_BYTES, Buffer.from(v.code, 'latin1'), FORM_AFTER_BYTES, TAIL_BYTES])
    : Buffer.concat([HEAD_BYTES, middle, TAIL_BYTES]);
}

/** The page for a code that does not exist: friendly, and no hint whether it ever did. */
export function unknownMerchantPage(): SafeHtml {
  return layout(
    '未找到商户',
    html`<h1>未找到该商户</h1>
      <section><p>二维码可能已失效或链接不完整。请扫描店内张贴的诚信二维码，或联系商圈党委。</p></section>`,
  );
}

/** The answer after a complaint was taken in: its number and the private tracking link. */
export function complaintDonePage(name: string, number: string, trackingUrl: string): SafeHtml {
  return layout(
    '投诉已提交',
    html`<h1>投诉已提交</h1>
      <section>
        <p class="msg ok">您对「${name}」的投诉已受理，工单编号 <b>${number}</b>。</p>
        <p>请保存下面的查询链接，凭它查看办理进度并评价（链接即凭证，请勿转发）：</p>
        <p><a href="${trackingUrl}">${trackingUrl}</a></p>
      </section>`,
  );
}
