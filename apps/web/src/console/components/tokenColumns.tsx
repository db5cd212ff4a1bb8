import type { ProColumns } from '@ant-design/pro-components';
import { Popconfirm, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { t } from '../../shared/i18n.ts';
import { fmtTime } from '../lib/time.ts';

/** What every revocable token's row shows (API keys, display links); never the token itself. */
export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** The columns every token table shares; a page puts them in its order around its own. */
export interface TokenColumns<R extends TokenRow> {
  name: ProColumns<R>;
  prefix: ProColumns<R>;
  createdAt: ProColumns<R>;
  lastUsedAt: ProColumns<R>;
  /** 已吊销/已停用 with its time, else what `state` says of a live token (null: nothing to say), else 有效 */
  status: (state?: (r: R) => ReactNode | null) => ProColumns<R>;
  /** the revoke link, with its confirmation, on a live token */
  actions: ProColumns<R>;
}

/**
 * The shared columns of a token table, labelled from the page's locale keys (`<ns>.name`, `.prefix`, `.lastUsedAt`,
 * `.revokedAt`, `.active`, `.revoke`, `.confirmRevoke`); `revoke` is called once the user confirms.
 */
export function tokenColumns<R extends TokenRow>(ns: string, revoke: (r: R) => void): TokenColumns<R> {
  return {
    name: { title: t(`${ns}.name`), dataIndex: 'name', width: 160 },
    prefix: {
      title: t(`${ns}.prefix`),
      dataIndex: 'prefix',
      width: 150,
      render: (_d, r) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {r.prefix}…
        </Typography.Text>
      ),
    },
    createdAt: { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (_d, r) => fmtTime(r.createdAt) },
    lastUsedAt: { title: t(`${ns}.lastUsedAt`), dataIndex: 'lastUsedAt', width: 170, render: (_d, r) => fmtTime(r.lastUsedAt) },
    status: (state) => ({
      title: t('common.status'),
      dataIndex: 'revokedAt',
      width: 190,
      render: (_d, r) => {
        if (r.revokedAt) return <Tag>{t(`${ns}.revokedAt`, { time: fmtTime(r.revokedAt) })}</Tag>;
        return state?.(r) ?? <Tag color="green">{t(`${ns}.active`)}</Tag>;
      },
    }),
    actions: {
      title: t('common.actions'),
      valueType: 'option',
      width: 90,
      fixed: 'right',
      render: (_d, r) =>
        r.revokedAt
          ? []
          : [
              <Popconfirm key="revoke" title={t(`${ns}.confirmRevoke`)} onConfirm={() => revoke(r)}>
                <a style={{ color: '#cf1322' }}>{t(`${ns}.revoke`)}</a>
              </Popconfirm>,
            ],
    },
  };
}
