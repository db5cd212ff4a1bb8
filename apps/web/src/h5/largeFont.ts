/** 适老化 large-font mode: a class on <html> that scales the root font size and antd-mobile's font variables (h5.css). */
const KEY = 'tx_h5_large_font';
const CLASS = 'tx-large-font';

export function isLargeFont(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Applies the stored choice; call once before the first render so nothing jumps. */
export function applyLargeFont(on: boolean = isLargeFont()): void {
  document.documentElement.classList.toggle(CLASS, on);
}

export function setLargeFont(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyLargeFont(on);
}
