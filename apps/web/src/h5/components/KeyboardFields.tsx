import type { KeyboardEvent, ReactNode } from 'react';

// antd-mobile's Selector, Checkbox and Picker triggers take taps only: their options are divs and the checkbox input
// is hidden, so a keyboard user (or a screen reader) could never complete a form using them. These stand-ins keep the
// look and take Tab, Space and Enter.

/** Opens a picker from the keyboard: Enter or Space on its focused trigger. */
export function keyOpen(open: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
}

/** A focusable trigger for an antd-mobile Picker's children render function. */
export function PickerTrigger({ open, children, label }: { open: () => void; children: ReactNode; label: string }) {
  return (
    <span role="button" tabIndex={0} aria-label={label} aria-haspopup="dialog" className="tx-picker-trigger" onKeyDown={keyOpen(open)}>
      {children}
    </span>
  );
}

/** One choice out of a few, as buttons (a Form.Item value of one-element array, like antd-mobile's Selector). */
export function ChoiceButtons({
  options,
  value,
  onChange,
  columns = 2,
}: {
  options: { label: string; value: string }[];
  value?: string[];
  onChange?: (v: string[]) => void;
  columns?: number;
}) {
  return (
    <div className="tx-choices" role="radiogroup" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
      {options.map((o) => {
        const on = value?.[0] === o.value;
        return (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={on}
            className={on ? 'tx-choice tx-choice-on' : 'tx-choice'}
            onClick={() => onChange?.([o.value])}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}

/** A consent box with a real checkbox input, reachable with Tab and toggled with Space. */
export function ConsentCheckbox({ checked, onChange, children }: { checked?: boolean; onChange?: (v: boolean) => void; children: ReactNode }) {
  return (
    <label className="tx-consent">
      <input type="checkbox" checked={!!checked} onChange={(e) => onChange?.(e.target.checked)} />
      <span>{children}</span>
    </label>
  );
}
