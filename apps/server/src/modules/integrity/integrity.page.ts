import { PLAQUE_LABELS, PLAQUE_LABELS_EN } from '@tongxin/domain';
import { escapeHtml, html, page, pageShell, raw, type SafeHtml } from '../../lib/html.ts';
import { HTML_LANG, type PageLang } from '../../lib/pageLang.ts';

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

/**
 * Every UI string of the page, its complaint form and answers, one table per language (user data is shown as stored).
 * The strings of the merchant's part go into the markup unescaped (the hot route tests nothing it need not): plain text
 * without & < > " ' `.
 */
export interface IntegrityText {
  footer: string;
  /** display names of the plaque kinds; a kind not listed is shown as stored */
  plaques: Record<string, string>;
  flags: Record<string, string>;
  flagLine: (flag: string) => string;
  partyMember: string;
  operator: string;
  operatorParty: string;
  closed: string;
  stars: string;
  points: string;
  upheld: (year: number) => string;
  promiseTitle: string;
  noPromise: string;
  titleSuffix: string;
  complain: string;
  description: string;
  descriptionHint: string;
  phone: string;
  phoneHint: string;
  photo: string;
  consent: string;
  submit: string;
  unknownTitle: string;
  unknownHeading: string;
  unknown: string;
  doneTitle: string;
  done: (name: string, number: string) => SafeHtml;
  keepLink: string;
  /** messages of a refused complaint */
  consentRequired: string;
  invalidPhone: string;
  descriptionRequired: string;
  badForm: string;
  badContent: string;
  badPhoto: string;
}

export const INTEGRITY_TEXT: Record<PageLang, IntegrityText> = {
  zh: {
    footer: '同心 · 商圈党建联盟 · 诚信二维码',
    plaques: PLAQUE_LABELS,
    flags: { red: '红旗', yellow: '黄旗' },
    flagLine: (f) => `本月${f}商户`,
    partyMember: PLAQUE_LABELS.party_member!,
    operator: '经营者：',
    operatorParty: '（党员）',
    closed: ' · 已歇业',
    stars: '诚信星级',
    points: '本周期信用分（满分12）',
    upheld: (y) => `${y}年属实投诉`,
    promiseTitle: '亮身份 · 亮职责 · 亮承诺',
    noPromise: '商户尚未公开承诺。',
    titleSuffix: ' · 诚信码',
    complain: '我要投诉',
    description: '投诉内容',
    descriptionHint: '请描述消费纠纷、服务问题等，勿填写他人隐私',
    phone: '联系电话（选填，仅工作人员回访使用）',
    phoneHint: '请填写 11 位手机号，或带区号的座机号',
    photo: '照片（选填）',
    consent: '我已阅读并同意：所填信息仅用于处理本投诉，电话加密保存、对外脱敏显示。',
    submit: '提交投诉',
    unknownTitle: '未找到商户',
    unknownHeading: '未找到该商户',
    unknown: '二维码可能已失效或链接不完整。请扫描店内张贴的诚信二维码，或联系商圈党委。',
    doneTitle: '投诉已提交',
    done: (name, number) => html`您对「${name}」的投诉已受理，工单编号 <b>${number}</b>。`,
    keepLink: '请保存下面的查询链接，凭它查看办理进度并评价（链接即凭证，请勿转发）：',
    consentRequired: '请先阅读并勾选个人信息告知同意。',
    invalidPhone: '联系电话格式不正确，请填写手机号或座机号。',
    descriptionRequired: '请填写投诉内容（1000 字以内）。',
    badForm: '照片过大（最大 10 MB）或表单有误，请重试。',
    badContent: '提交内容有误，请检查后重试。',
    badPhoto: '照片无法识别或过大，请换一张 JPG/PNG 照片（最大 10 MB）。',
  },
  en: {
    footer: 'Tongxin · Business District Party-Building Alliance · Integrity QR code',
    // the console's and the English Excel's names (one list in the domain)
    plaques: PLAQUE_LABELS_EN,
    flags: { red: 'Red flag', yellow: 'Yellow flag' },
    flagLine: (f) => `${f} merchant this month`,
    partyMember: PLAQUE_LABELS_EN.party_member!,
    operator: 'Operator: ',
    operatorParty: ' (Party member)',
    closed: ' · Closed',
    stars: 'Integrity stars',
    points: 'Credit points this period (of 12)',
    upheld: (y) => `Upheld complaints in ${y}`,
    promiseTitle: 'Identity · Duties · Promise',
    noPromise: 'The merchant has not published a promise yet.',
    titleSuffix: ' · Integrity code',
    complain: 'File a complaint',
    description: 'Your complaint',
    descriptionHint: "Describe the dispute or service problem; do not include other people's private data",
    phone: 'Phone (optional, only for staff to call you back)',
    phoneHint: 'An 11-digit mobile number, or a landline with its area code',
    photo: 'Photo (optional)',
    consent: 'I have read and agree: what I enter is used only to handle this complaint; the phone number is stored encrypted and shown masked.',
    submit: 'Submit complaint',
    unknownTitle: 'Merchant not found',
    unknownHeading: 'Merchant not found',
    unknown:
      'The QR code may be invalid or the link incomplete. Please scan the integrity QR code displayed in the shop, or contact the district Party committee.',
    doneTitle: 'Complaint submitted',
    done: (name, number) => html`Your complaint about “${name}” has been received, ticket number <b>${number}</b>.`,
    keepLink: 'Keep the link below: it shows the progress and lets you rate the handling (the link is your key, do not share it):',
    consentRequired: 'Please read and tick the consent to the use of your personal data first.',
    invalidPhone: 'The phone number is not valid: enter a mobile or landline number.',
    descriptionRequired: 'Please describe your complaint (up to 1000 characters).',
    badForm: 'The photo is too large (10 MB at most) or the form is incomplete. Please try again.',
    badContent: 'The submission is not valid. Please check it and try again.',
    badPhoto: 'The photo could not be read or is too large. Please choose a JPG/PNG photo (10 MB at most).',
  },
};

/** The page shell (lib/html.ts page) with this page's CSS and footer. */
function layout(title: string, body: SafeHtml, lang: PageLang): SafeHtml {
  return page({ title, css: CSS, body, footer: INTEGRITY_TEXT[lang].footer, lang: HTML_LANG[lang] });
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

function complaintForm(code: string, x: IntegrityText, form?: ComplaintFormState): string {
  const msg = form ? `<p class="msg${form.message.ok ? ' ok' : ''}">${e(form.message.text)}</p>` : '';
  return (
    `<section><h2>${e(x.complain)}</h2>${msg}<form method="post" action="/m/${e(code)}/complaint" enctype="multipart/form-data">` +
    `<label for="d">${e(x.description)}</label><textarea id="d" name="description" maxlength="1000" required placeholder="${e(x.descriptionHint)}">\n${e(form?.description ?? '')}</textarea>` +
    `<label for="p">${e(x.phone)}</label><input id="p" type="tel" name="phone" maxlength="24" autocomplete="tel" pattern="${e(PHONE_PATTERN)}" title="${e(x.phoneHint)}" value="${e(form?.phone ?? '')}" />` +
    `<label for="f">${e(x.photo)}</label><input id="f" type="file" name="photo" accept="image/*" />` +
    `<label class="c"><input type="checkbox" name="consent" value="on" required${form?.consent ? ' checked' : ''} /><span>${e(x.consent)}</span></label>` +
    `<button type="submit">${e(x.submit)}</button></form></section>`
  );
}

/** Everything of the merchant's page above the complaint form. */
function merchantBody(v: PageView, x: IntegrityText): string {
  let badges = v.partyMember ? `<span class="b pm">${x.partyMember}</span>` : '';
  for (const p of v.plaques) if (p !== 'party_member' && p !== '党员经营户') badges += `<span class="b">${e(x.plaques[p] ?? p)}</span>`;
  const flag = v.flag ? `<p class="fl ${e(v.flag)}">${e(x.flagLine(x.flags[v.flag] ?? v.flag))}</p>` : '';
  const operator = v.operatorSurname ? `<p class="n">${x.operator}${e(v.operatorSurname)}${v.partyMember ? x.operatorParty : ''}</p>` : '';
  return (
    `<h1>${e(v.name)}</h1><p class="al">${e(v.allianceName)}${v.operating ? '' : x.closed}</p><section>${badges}<div class="k">` +
    `<div><b class="st">${starText(v.stars)}</b><span>${x.stars}</span></div>` +
    `<div><b>${v.points}</b><span>${x.points}</span></div>` +
    `<div><b>${v.upheld}</b><span>${x.upheld(v.year)}</span></div></div>${flag}</section>` +
    `<section><h2>${x.promiseTitle}</h2>${operator}<p class="pr">${e(v.promise ?? x.noPromise)}</p></section>`
  );
}

const titleOf = (v: PageView, x: IntegrityText) => v.name + x.titleSuffix;

/** The integrity page of one merchant: name, badges, stars, points, flag, promise, upheld complaints this year, complaint form. */
export function merchantPage(v: PageView, form?: ComplaintFormState, lang: PageLang = 'zh'): SafeHtml {
  const x = INTEGRITY_TEXT[lang];
  return layout(titleOf(v, x), raw(merchantBody(v, x) + (v.operating ? complaintForm(v.code, x, form) : '')), lang);
}

// The constant bytes of merchantPage, encoded once per language: the shell, and the empty complaint form around the
// public code (URL-safe characters, nothing to escape). The hottest public route then encodes only the merchant's part.
const CODE_MARK = 'CODEMARK';
function constantParts(lang: PageLang) {
  const x = INTEGRITY_TEXT[lang];
  const shell = pageShell({ css: CSS, footer: x.footer, lang: HTML_LANG[lang] });
  const [before, after] = complaintForm(CODE_MARK, x).split(CODE_MARK) as [string, string];
  return { x, open: shell.open, head: Buffer.from(shell.head), formBefore: Buffer.from(before), formAfter: Buffer.from(after), tail: Buffer.from(shell.tail) };
}
const PARTS: Record<PageLang, ReturnType<typeof constantParts>> = { zh: constantParts('zh'), en: constantParts('en') };

/** merchantPage(v, undefined, lang) as UTF-8, byte for byte, assembled from the pre-encoded constant parts. */
export function merchantPageBytes(v: PageView, lang: PageLang = 'zh'): Buffer {
  const p = PARTS[lang];
  const middle = Buffer.from(p.open(titleOf(v, p.x)) + merchantBody(v, p.x));
  return v.operating
    ? Buffer.concat([p.head, middle, p.formBefore, Buffer.from(v.code, 'latin1'), p.formAfter, p.tail])
    : Buffer.concat([p.head, middle, p.tail]);
}

/** The page for a code that does not exist: friendly, and no hint whether it ever did. */
export function unknownMerchantPage(lang: PageLang = 'zh'): SafeHtml {
  const x = INTEGRITY_TEXT[lang];
  return layout(
    x.unknownTitle,
    html`<h1>${x.unknownHeading}</h1>
      <section><p>${x.unknown}</p></section>`,
    lang,
  );
}

/** The answer after a complaint was taken in: its number and the private tracking link. */
export function complaintDonePage(name: string, number: string, trackingUrl: string, lang: PageLang = 'zh'): SafeHtml {
  const x = INTEGRITY_TEXT[lang];
  return layout(
    x.doneTitle,
    html`<h1>${x.doneTitle}</h1>
      <section>
        <p class="msg ok">${x.done(name, number)}</p>
        <p>${x.keepLink}</p>
        <p><a href="${trackingUrl}">${trackingUrl}</a></p>
      </section>`,
    lang,
  );
}
