import { ModalForm, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { TICKET_KINDS, TicketCreate } from '@tongxin/domain';
import type { Category, Grid, TicketDetail, TicketKind } from '@tongxin/domain';
import { Col, Form } from 'antd';
import { post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { GridTreeSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { PhotoUpload } from './PhotoUpload.tsx';
import { Duplicates } from './Duplicates.tsx';

interface FormValues {
  kind: TicketKind;
  categoryId: string;
  title?: string;
  description: string;
  address?: string;
  gridId?: string;
  merchantName?: string;
  urgent?: boolean;
  reporterName?: string;
  reporterPhone?: string;
  photos?: string[];
  lng?: number;
  lat?: number;
  crs?: 'wgs84' | 'gcj02';
}

/** 登记工单: staff enter a case (a phone call, a walk-in) on the reporter's behalf. */
export function TicketCreateForm({
  categories,
  grids,
  onClose,
  onDone,
  onOpen,
}: {
  categories: Category[];
  grids: Grid[];
  onClose: () => void;
  onDone: (t: TicketDetail) => void;
  onOpen: (id: string) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const categoryId = Form.useWatch('categoryId', form);
  const lng = Form.useWatch('lng', form);
  const lat = Form.useWatch('lat', form);
  const crs = Form.useWatch('crs', form);
  const submit = async (v: FormValues) => {
    const { lng: x, lat: y, crs: c, ...rest } = v;
    const body = {
      ...rest,
      urgent: !!v.urgent,
      photos: v.photos ?? [],
      location: typeof x === 'number' && typeof y === 'number' ? { lng: x, lat: y, crs: c ?? 'wgs84' } : null,
      reporterPhone: v.reporterPhone ? v.reporterPhone : null,
    };
    let created: TicketDetail | null = null;
    const ok = await attempt(
      async () => {
        created = await post<TicketDetail>('/tickets', body);
      },
      form,
      t('console.ticket.created'),
    );
    if (ok && created) onDone(created);
    return ok;
  };
  return (
    <ModalForm<FormValues>
      name="ticketCreate"
      title={t('console.ticket.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={{ kind: 'need', urgent: false, crs: 'wgs84' }}
      onFinish={submit}
    >
      <ProFormSelect
        colProps={{ span: 8 }}
        name="kind"
        label={t('console.ticket.kind')}
        options={enumOptions('ticketKind', TICKET_KINDS)}
        allowClear={false}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormSelect
        colProps={{ span: 10 }}
        name="categoryId"
        label={t('console.ticket.category')}
        options={categories.filter((c) => c.active).map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))}
        showSearch
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormSwitch colProps={{ span: 6 }} name="urgent" label={t('console.ticket.urgent')} />
      <ProFormText
        colProps={{ span: 24 }}
        name="title"
        label={t('console.ticket.title')}
        placeholder={t('console.ticket.titlePlaceholder')}
        rules={[zodRule(TicketCreate, 'title')]}
      />
      <ProFormTextArea
        colProps={{ span: 24 }}
        name="description"
        label={t('console.ticket.description')}
        fieldProps={{ rows: 4, showCount: true, maxLength: 2000 }}
        rules={[{ required: true, message: t('issue.required') }, zodRule(TicketCreate, 'description')]}
      />
      <Col span={12}>
        <Form.Item name="gridId" label={t('console.ticket.grid')}>
          <GridTreeSelect grids={grids} />
        </Form.Item>
      </Col>
      <ProFormText colProps={{ span: 12 }} name="address" label={t('console.ticket.address')} rules={[zodRule(TicketCreate, 'address')]} />
      <ProFormDigit colProps={{ span: 8 }} name="lng" label={t('console.ticket.lng')} fieldProps={{ precision: 6 }} min={-180} max={180} />
      <ProFormDigit colProps={{ span: 8 }} name="lat" label={t('console.ticket.lat')} fieldProps={{ precision: 6 }} min={-90} max={90} />
      <ProFormSelect
        colProps={{ span: 8 }}
        name="crs"
        label={t('console.ticket.crs')}
        allowClear={false}
        options={[
          { value: 'wgs84', label: t('console.ticket.crs.wgs84') },
          { value: 'gcj02', label: t('console.ticket.crs.gcj02') },
        ]}
      />
      <Col span={24}>
        <Duplicates categoryId={categoryId} lng={lng} lat={lat} crs={crs} onOpen={onOpen} />
      </Col>
      <ProFormText colProps={{ span: 12 }} name="merchantName" label={t('console.ticket.merchantName')} rules={[zodRule(TicketCreate, 'merchantName')]} />
      <ProFormText colProps={{ span: 6 }} name="reporterName" label={t('console.ticket.reporterName')} rules={[zodRule(TicketCreate, 'reporterName')]} />
      <ProFormText colProps={{ span: 6 }} name="reporterPhone" label={t('console.ticket.reporterPhone')} rules={[zodRule(TicketCreate, 'reporterPhone')]} />
      <Col span={24}>
        <Form.Item name="photos" label={t('console.ticket.photos')} extra={t('console.ticket.photosHint')}>
          <PhotoUpload />
        </Form.Item>
      </Col>
    </ModalForm>
  );
}
