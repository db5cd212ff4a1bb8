import { Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { t } from '../../shared/i18n.ts';

/** A table row's 编辑 and 删除 (with its confirmation), as every registry page offers them. */
export function editDeleteActions(onEdit: () => void, onDelete: () => unknown): ReactNode[] {
  return [
    <a key="edit" onClick={onEdit}>
      {t('common.edit')}
    </a>,
    <Popconfirm key="del" title={t('common.confirmDelete')} onConfirm={() => onDelete()}>
      <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
    </Popconfirm>,
  ];
}
