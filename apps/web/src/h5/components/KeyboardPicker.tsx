import { DatePicker, Picker, type DatePickerProps, type DatePickerRef, type PickerProps, type PickerRef } from 'antd-mobile';
import { forwardRef, useId, useRef, type ReactNode, type RefObject } from 'react';

// antd-mobile's Picker and DatePicker wheels turn by touch only: the wheel's items are aria-hidden divs and nothing in
// the sheet takes focus, so a keyboard or screen-reader user could open one (PickerTrigger) but never pick a value.
// These wrappers keep the wheel and add the keyboard: once the sheet is up, focus is on its first column (a
// spinbutton that names the selected value); ↑/↓ turn the focused column, Home/End go to its ends, Tab moves between
// columns and stays in the sheet, Enter confirms, Escape cancels; focus then returns to what opened the sheet.
// They work through antd-mobile's own controls (the column's hidden previous/next buttons, the header's buttons), so
// touch and keyboard choose through the same code.

const COLUMN = '.adm-picker-view-column';
const ACTIVE = '.adm-picker-view-column-item-active';

/** Names the column's selected value for assistive technology. */
function announce(col: HTMLElement): void {
  col.setAttribute('aria-valuetext', col.querySelector(ACTIVE)?.textContent ?? '');
}

/** Turns a column one step (the wheel's own accessible previous/next buttons); false at its end. */
function step(col: HTMLElement, by: -1 | 1): boolean {
  const [previous, next] = col.querySelectorAll<HTMLElement>('.adm-picker-view-column-accessible-button');
  const button = by < 0 ? previous : next;
  if (!button || button.getAttribute('role') !== 'button') return false;
  button.click();
  return true;
}

/** The props that give a Picker or DatePicker its keyboard: a class to find its sheet, and what to do when it opens and closes. */
function useWheelKeys(p: { className?: string | undefined; afterShow?: (() => void) | undefined; afterClose?: (() => void) | undefined; title?: ReactNode }) {
  const cls = `tx-wheel-${useId().replace(/[^\w-]/g, '')}`;
  const opener = useRef<HTMLElement | null>(null);
  const detach = useRef<(() => void) | null>(null);
  const label = typeof p.title === 'string' ? p.title : '';

  const afterShow = () => {
    p.afterShow?.();
    // the class lands on the picker inside the sheet (DatePicker passes no popupClassName on)
    const sheet = document.querySelector<HTMLElement>(`.${cls}`)?.closest<HTMLElement>('.adm-popup');
    if (!sheet) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const body = sheet.querySelector<HTMLElement>('.adm-popup-body');
    body?.setAttribute('role', 'dialog');
    body?.setAttribute('aria-modal', 'true');
    if (label) body?.setAttribute('aria-label', label);
    const columns = () => [...sheet.querySelectorAll<HTMLElement>(COLUMN)];
    const cols = columns();
    cols.forEach((col, i) => {
      col.tabIndex = 0;
      col.setAttribute('role', 'spinbutton');
      col.setAttribute('aria-label', cols.length > 1 ? `${label} ${i + 1}/${cols.length}` : label);
      announce(col);
    });
    cols[0]?.focus();
    const header = [...sheet.querySelectorAll<HTMLElement>('.adm-picker-header-button')];
    const onKey = (e: KeyboardEvent) => {
      const col = (e.target as HTMLElement).closest<HTMLElement>(COLUMN);
      if (e.key === 'Enter') header[1]?.click();
      else if (e.key === 'Escape') header[0]?.click();
      else if (col && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) step(col, e.key === 'ArrowUp' ? -1 : 1);
      else if (col && (e.key === 'Home' || e.key === 'End')) while (step(col, e.key === 'Home' ? -1 : 1));
      else if (e.key === 'Tab') {
        // a modal sheet: Tab cycles through its columns instead of wandering into the page behind the mask
        const all = columns();
        const at = col ? all.indexOf(col) : -1;
        all[(at + (e.shiftKey ? -1 : 1) + all.length) % all.length]?.focus();
      } else return;
      e.preventDefault();
    };
    sheet.addEventListener('keydown', onKey);
    // whatever turned a wheel (a key, a finger), every column says its value again: a date's days change with its month
    const watch = new MutationObserver(() => columns().forEach(announce));
    watch.observe(sheet, { subtree: true, attributes: true, attributeFilter: ['class'] });
    detach.current?.();
    detach.current = () => {
      sheet.removeEventListener('keydown', onKey);
      watch.disconnect();
    };
  };

  const afterClose = () => {
    p.afterClose?.();
    detach.current?.();
    detach.current = null;
    if (opener.current?.isConnected) opener.current.focus();
    opener.current = null;
  };

  return { className: p.className ? `${p.className} ${cls}` : cls, afterShow, afterClose };
}

// forwardRef, not a plain ref prop: antd-mobile's Form.Item hands its picker a ref only when the component is a forwardRef
// one. antd-mobile types the ref as a RefObject only; a callback ref works at run time just the same.
/** antd-mobile's Picker, operable from the keyboard as well as by touch. */
export const KeyboardPicker = forwardRef<PickerRef, PickerProps>(function KeyboardPicker(p, ref) {
  return <Picker {...p} {...useWheelKeys(p)} ref={ref as RefObject<PickerRef>} />;
});

/** antd-mobile's DatePicker, operable from the keyboard as well as by touch. */
export const KeyboardDatePicker = forwardRef<DatePickerRef, DatePickerProps>(function KeyboardDatePicker(p, ref) {
  return <DatePicker {...p} {...useWheelKeys(p)} ref={ref as RefObject<DatePickerRef>} />;
});
