import type { Unit } from '@tongxin/domain';
import { Button, CheckList, Popup, SearchBar } from 'antd-mobile';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { t } from '../../../shared/i18n.ts';

/**
 * Picks one unit (the lead unit) or several (assisting units) from the alliance's units in a bottom sheet with a search
 * box: a phone has no room for a long drop-down, and staff know units by a word of their name. From the keyboard: the
 * search box has focus when the sheet opens, Tab reaches each unit (Enter or Space picks it) and stays in the sheet,
 * Escape closes it, and focus returns to the field that opened it.
 */
export function UnitPicker({
  units,
  value,
  multiple,
  exclude,
  visible,
  title,
  onClose,
  onChange,
}: {
  units: readonly Unit[];
  value: readonly string[];
  multiple?: boolean;
  exclude?: string;
  visible: boolean;
  title: string;
  onClose: () => void;
  onChange: (ids: string[]) => void;
}) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string[]>([...value]);
  const shown = units.filter((u) => u.id !== exclude && (!q.trim() || u.name.includes(q.trim())));
  const done = (ids: string[]) => {
    onChange(ids);
    onClose();
  };
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // antd-mobile's list rows are anchors without href, which the keyboard skips: each row becomes a focusable checkbox
  useEffect(() => {
    box.current?.querySelectorAll<HTMLElement>('.adm-check-list-item').forEach((row, i) => {
      row.tabIndex = 0;
      row.setAttribute('role', multiple ? 'checkbox' : 'radio');
      row.setAttribute('aria-checked', String(!!shown[i] && picked.includes(shown[i].id)));
    });
  });
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Escape') onClose();
    else if ((e.key === 'Enter' || e.key === ' ') && target.matches('.adm-check-list-item')) target.click();
    else if (e.key === 'Tab') {
      const all = [...(box.current?.querySelectorAll<HTMLElement>('input, .adm-check-list-item, button') ?? [])];
      const at = all.indexOf(target);
      all[(at + (e.shiftKey ? -1 : 1) + all.length) % all.length]?.focus();
    } else return;
    e.preventDefault();
  };
  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      onClose={onClose}
      afterShow={() => {
        setPicked([...value]);
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        box.current?.querySelector('input')?.focus();
      }}
      afterClose={() => opener.current?.isConnected && opener.current.focus()}
      destroyOnClose
      bodyClassName="tx-unit-picker"
    >
      <div ref={box} className="tx-unit-sheet" role="dialog" aria-modal="true" aria-label={title} onKeyDown={onKey}>
        <div className="tx-action-title">{title}</div>
        <div className="tx-unit-search">
          <SearchBar placeholder={t('h5.dispatch.searchUnit')} value={q} onChange={setQ} />
        </div>
        <div className="tx-unit-options" data-testid="unit-options">
          <CheckList
            multiple={multiple}
            value={picked}
            onChange={(v) => {
              const ids = v.map(String);
              if (multiple) setPicked(ids.slice(0, 10));
              else done(ids.slice(-1));
            }}
          >
            {shown.map((u) => (
              <CheckList.Item key={u.id} value={u.id} description={u.category ?? undefined}>
                {u.name}
              </CheckList.Item>
            ))}
          </CheckList>
          {shown.length === 0 && <div className="tx-hint tx-center">{t('h5.dispatch.noUnit')}</div>}
        </div>
        {multiple && (
          <div className="tx-unit-done">
            <Button block color="primary" onClick={() => done(picked)}>
              {t('h5.dispatch.pickDone', { n: picked.length })}
            </Button>
          </div>
        )}
      </div>
    </Popup>
  );
}
