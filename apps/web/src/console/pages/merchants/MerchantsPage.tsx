import { DownloadOutlined, ExportOutlined, PlusOutlined, QrcodeOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { MERCHANT_BUSINESS_TYPES, MERCHANT_FLAGS, MERCHANT_STATUSES, PLAQUE_KINDS } from '@tongxin/domain';
import type { Merchant } from '@tongxin/domain';
import { Button, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { del } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { GridTreeSelect } from '../../components/RefSelects.tsx';
import { editDeleteActions } from '../../components/RowActions.tsx';
import { attempt, showError } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { useGrids } from '../../lib/lookups.ts';
import { useEditor } from '../../lib/useEditor.ts';
import { downloadXlsx } from '../../lib/download.ts';
import { MerchantDetail } from './MerchantDetail.tsx';
import { MerchantForm } from './MerchantForm.tsx';
import { MerchantImportDialog } from './MerchantImportDialog.tsx';
import { posterUrl } from './merchantFiles.ts';
import { CreditSummary, StatusTag } from './merchantTags.tsx';

const PLAQUES = PLAQUE_KINDS;
const FILTER_KEYS = ['q', 'phone', 'gridId', 'businessType', 'status', 'stars', 'flag', 'plaque', 'pointsMin', 'pointsMax', 'monitoringPoint', 'partyMember'];

/** 商户名录: the registry with its filters (the contact phone looked up exactly), create/edit drawer, detail drawer, Excel import, template and export. */
export function MerchantsPage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Merchant>();
  const grids = useGrids();
  // ?open=<id> (a credit notice in the 消息中心) opens that shop's record
  const [search, setSearch] = useSearchParams();
  const [openId, setOpenId] = useState<string | null>(search.get('open'));
  const [importing, setImporting] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  // the search form's current filters, so that the export carries the same ones
  const filters = useRef<Record<string, string | number | undefined>>({});
  // the grid searched for: the batch print of QR posters is per grid
  const [gridFilter, setGridFilter] = useState<string | null>(null);
  const writable = can('merchant:write');
  const yesNo = [
    { label: t('merchants.registry.yes'), value: 'true' },
    { label: t('merchants.registry.no'), value: 'false' },
  ];

  const remove = async (m: Merchant) => {
    if (await attempt(() => del(`/merchants/${m.id}`), undefined, t('common.deleted'))) action.current?.reload();
  };
  const download = async (path: string, name: string, query?: Record<string, string | number | undefined>) => {
    try {
      await downloadXlsx(path, name, query);
    } catch (e) {
      showError(e);
    }
  };

  const columns: ProColumns<Merchant>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('merchants.registry.searchPlaceholder') } },
    // the list's ?phone=: the whole contact phone, found exactly (the column shows it masked)
    { title: t('merchants.registry.contactPhone'), dataIndex: 'phone', hideInTable: true, fieldProps: { placeholder: t('console.exactPhone') } },
    {
      title: t('merchants.registry.name'),
      dataIndex: 'name',
      search: false,
      render: (_d, r) => <a onClick={() => setOpenId(r.id)}>{r.name}</a>,
    },
    { title: t('merchants.registry.creditCode'), dataIndex: 'creditCode', search: false, width: 190, copyable: true },
    {
      title: t('merchants.registry.businessType'),
      dataIndex: 'businessType',
      valueType: 'select',
      width: 100,
      fieldProps: { options: enumOptions('merchants.businessType', MERCHANT_BUSINESS_TYPES) },
      render: (_d, r) => t(`merchants.businessType.${r.businessType}`),
    },
    {
      title: t('merchants.registry.grid'),
      dataIndex: 'gridId',
      renderFormItem: () => <GridTreeSelect grids={grids.rows} />,
      render: (_d, r) => r.gridName ?? '-',
      ellipsis: true,
    },
    {
      title: t('merchants.registry.operatorName'),
      dataIndex: 'operatorName',
      search: false,
      width: 100,
      render: (_d, r) => r.operatorName ?? r.operatorPersonName ?? '-',
    },
    {
      title: t('merchants.registry.partyMember'),
      dataIndex: 'partyMember',
      valueType: 'select',
      width: 90,
      fieldProps: { options: yesNo },
      render: (_d, r) => (r.partyMemberOperator ? <Tag color="red">{t('merchants.registry.yes')}</Tag> : '-'),
    },
    { title: t('merchants.registry.contactPhone'), dataIndex: 'contactPhone', search: false, width: 130 },
    {
      title: t('merchants.registry.points'),
      dataIndex: 'creditPoints',
      search: false,
      width: 220,
      render: (_d, r) => <CreditSummary m={r} />,
    },
    {
      title: t('merchants.registry.stars'),
      dataIndex: 'stars',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: [1, 2, 3, 4, 5].map((n) => ({ label: t('merchants.registry.starsValue', { n }), value: n })) },
    },
    {
      title: t('merchants.registry.flag'),
      dataIndex: 'flag',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: enumOptions('merchants.registry.flag', MERCHANT_FLAGS) },
    },
    {
      title: t('merchants.registry.plaques'),
      dataIndex: 'plaque',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: enumOptions('merchants.registry.plaque', PLAQUES) },
    },
    { title: t('merchants.registry.pointsMin'), dataIndex: 'pointsMin', hideInTable: true, valueType: 'digit', fieldProps: { min: 0, max: 12 } },
    { title: t('merchants.registry.pointsMax'), dataIndex: 'pointsMax', hideInTable: true, valueType: 'digit', fieldProps: { min: 0, max: 12 } },
    { title: t('merchants.registry.monitoringPoint'), dataIndex: 'monitoringPoint', hideInTable: true, valueType: 'select', fieldProps: { options: yesNo } },
    {
      title: t('merchants.registry.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 90,
      fieldProps: { options: enumOptions('merchants.registry.status', MERCHANT_STATUSES) },
      render: (_d, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: writable ? 150 : 80,
      render: (_d, r) => [
        <a key="poster" href={posterUrl(r.id)} target="_blank" rel="noopener" title={t('merchants.poster.print')}>
          {t('merchants.poster.short')}
        </a>,
        ...(writable
          ? editDeleteActions(
              () => editor.edit(r),
              () => remove(r),
            )
          : []),
      ],
    },
  ];

  const request = listRequest<Merchant>('/merchants');
  return (
    <PageContainer title={t('console.menu.merchants')}>
      <ProTable<Merchant>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={(params) => {
          filters.current = Object.fromEntries(
            FILTER_KEYS.map((k) => [k, params[k] as string | number | undefined]).filter(([, v]) => v !== undefined && v !== ''),
          ) as Record<string, string | number | undefined>;
          setGridFilter(typeof params.gridId === 'string' && params.gridId ? params.gridId : null);
          return request(params);
        }}
        scroll={{ x: 1300 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        search={{ labelWidth: 'auto', defaultCollapsed: true }}
        toolBarRender={() => [
          writable && (
            <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
              {t('common.create')}
            </Button>
          ),
          writable && (
            <Button key="import" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('merchants.import.button')}
            </Button>
          ),
          writable && (
            <Button key="template" icon={<DownloadOutlined />} onClick={() => void download('/merchants/template', 'merchant-template.xlsx')}>
              {t('merchants.import.template')}
            </Button>
          ),
          <Button key="export" icon={<ExportOutlined />} onClick={() => void download('/merchants/export', 'merchants.xlsx', filters.current)}>
            {t('merchants.registry.export')}
          </Button>,
          <Tooltip key="posters" title={gridFilter ? null : t('merchants.poster.batchHint')}>
            <Button
              icon={<QrcodeOutlined />}
              disabled={!gridFilter}
              href={gridFilter ? `/api/v1/integrity/posters?gridId=${encodeURIComponent(gridFilter)}` : undefined}
              target="_blank"
              rel="noopener"
              data-testid="grid-posters"
            >
              {t('merchants.poster.batch')}
            </Button>
          </Tooltip>,
        ]}
      />
      {editor.state && (
        <MerchantForm
          editing={editor.state.row}
          onClose={editor.close}
          onDone={() => {
            action.current?.reload();
            setReloadKey((k) => k + 1);
          }}
        />
      )}
      {openId && (
        <MerchantDetail
          id={openId}
          reloadKey={reloadKey}
          onClose={() => {
            setOpenId(null);
            // a reload after closing must not open it again
            if (search.has('open')) setSearch({}, { replace: true });
          }}
        />
      )}
      {importing && <MerchantImportDialog onClose={() => setImporting(false)} onImported={() => action.current?.reload()} />}
    </PageContainer>
  );
}
