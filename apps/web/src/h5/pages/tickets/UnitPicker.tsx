import type { Unit } from '@tongxin/domain';
import { Button, CheckList, Popup, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import { t } from '../../../shared/i18n.ts';

/**
 * Picks one unit (the lead unit) or several (assisting units) from the alliance's units in a bottom sheet with a search
 * box: a phone has no room for a long drop-down, and staff know units by a word of their name.
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
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} afterShow={() => setPicked([...value])} destroyOnClose bodyClassName="tx-unit-picker">
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
    </Popup>
  );
}
