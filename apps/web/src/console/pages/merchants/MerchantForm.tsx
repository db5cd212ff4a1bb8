import { DrawerForm, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import { CRS, MERCHANT_BUSINESS_TYPES, MERCHANT_STATUSES, MerchantCreate, MerchantUpdate, isValidCreditCode } from '@tongxin/domain';
import type { Crs, Merchant, MerchantBusinessType, MerchantStatus } from '@tongxin/domain';
import { Col, Form } from 'antd';
import { patch, post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { GridTreeSelect, PersonSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { nullify } from '../../lib/list.ts';
import { useGrids } from '../../lib/lookups.ts';

interface FormValues {
  creditCode: string;
  name: string;
  businessType: MerchantBusinessType;
  status?: MerchantStatus;
  gridId?: string | null;
  address?: string;
  operatorPersonId?: string | null;
  operatorName?: string;
  partyMemberOperator?: boolean;
  contactPhone?: string;
  lng?: number | null;
  lat?: number | null;
  crs?: Crs;
  monitoringPoint?: boolean;
  liaisonPersonId?: string | null;
}

/** The credit code rule: the shared GB 32100 validator, with the registry's own message. */
const creditCodeRule = {
  validator: async (_r: unknown, v: unknown) => {
    if (typeof v === 'string' && v.trim() && !isValidCreditCode(v)) throw new Error(t('merchants.registry.invalidCreditCode'));
  },
};

/** Create / edit drawer of a merchant; the phone comes masked, so an empty field keeps the stored number on edit. */
export function MerchantForm({ editing, onClose, onDone }: { editing: Merchant | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const grids = useGrids();
  const schema = editing ? MerchantUpdate : MerchantCreate;
  const monitoring = Form.useWatch('monitoringPoint', form);
  const initial: Partial<FormValues> = editing
    ? {
        creditCode: editing.creditCode,
        name: editing.name,
        businessType: editing.businessType,
        status: editing.status,
        gridId: editing.gridId,
        address: editing.address ?? undefined,
        operatorPersonId: editing.operatorPersonId,
        operatorName: editing.operatorName ?? undefined,
        partyMemberOperator: editing.partyMemberOperator,
        lng: editing.location?.lng ?? null,
        lat: editing.location?.lat ?? null,
        crs: editing.location?.crs ?? 'wgs84',
        monitoringPoint: editing.monitoringPoint,
        liaisonPersonId: editing.liaisonPersonId,
      }
    : { businessType: 'catering', crs: 'wgs84', partyMemberOperator: false, monitoringPoint: false };

  const submit = async (v: FormValues) => {
    const { lng, lat, crs, ...rest } = nullify(v, ['gridId', 'operatorPersonId', 'liaisonPersonId']);
    const body: Record<string, unknown> = { ...rest, location: lng != null && lat != null ? { lng, lat, crs: crs ?? 'wgs84' } : null };
    if (!v.monitoringPoint) body.liaisonPersonId = null;
    if (editing && !v.contactPhone) delete body.contactPhone;
    const ok = await attempt(() => (editing ? patch(`/merchants/${editing.id}`, body) : post('/merchants', body)), form);
    if (ok) onDone();
    return ok;
  };

  return (
    <DrawerForm<FormValues>
      title={editing ? t('merchants.registry.edit', { name: editing.name }) : t('merchants.registry.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      onFinish={submit}
      drawerProps={{ destroyOnClose: true }}
    >
      <ProFormText
        colProps={{ span: 12 }}
        name="name"
        label={t('merchants.registry.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(MerchantCreate, 'name', editing?.name)]}
      />
      <ProFormText
        colProps={{ span: 12 }}
        name="creditCode"
        label={t('merchants.registry.creditCode')}
        placeholder={t('merchants.registry.creditCodePlaceholder')}
        rules={[{ required: true, message: t('issue.required') }, creditCodeRule]}
      />
      <ProFormSelect
        colProps={{ span: 12 }}
        name="businessType"
        label={t('merchants.registry.businessType')}
        options={enumOptions('merchants.businessType', MERCHANT_BUSINESS_TYPES)}
        allowClear={false}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      {editing && (
        <ProFormSelect
          colProps={{ span: 12 }}
          name="status"
          label={t('merchants.registry.status')}
          options={enumOptions('merchants.registry.status', MERCHANT_STATUSES)}
          allowClear={false}
        />
      )}
      <Col span={12}>
        <Form.Item name="gridId" label={t('merchants.registry.grid')}>
          <GridTreeSelect grids={grids.rows} />
        </Form.Item>
      </Col>
      <ProFormText colProps={{ span: 24 }} name="address" label={t('merchants.registry.address')} rules={[zodRule(schema, 'address')]} />
      <Col span={12}>
        <Form.Item name="operatorPersonId" label={t('merchants.registry.operator')}>
          <PersonSelect />
        </Form.Item>
      </Col>
      <ProFormText
        colProps={{ span: 12 }}
        name="operatorName"
        label={t('merchants.registry.operatorName')}
        rules={[keptRule(MerchantCreate, 'operatorName', editing?.operatorName)]}
      />
      <ProFormSwitch colProps={{ span: 12 }} name="partyMemberOperator" label={t('merchants.registry.partyMember')} />
      <ProFormText
        colProps={{ span: 12 }}
        name="contactPhone"
        label={t('merchants.registry.contactPhone')}
        placeholder={editing?.contactPhone ? t('console.keepMasked', { value: editing.contactPhone }) : '13812345678 / 0579-85551234'}
        // a number typed here is a new one (empty keeps the stored): checked as on create
        rules={[zodRule(MerchantCreate, 'contactPhone')]}
      />
      <ProFormDigit colProps={{ span: 8 }} name="lng" label={t('merchants.registry.lng')} min={-180} max={180} fieldProps={{ precision: 6 }} />
      <ProFormDigit colProps={{ span: 8 }} name="lat" label={t('merchants.registry.lat')} min={-90} max={90} fieldProps={{ precision: 6 }} />
      <ProFormSelect
        colProps={{ span: 8 }}
        name="crs"
        label={t('merchants.registry.crs')}
        options={enumOptions('merchants.registry.crs', CRS)}
        allowClear={false}
      />
      <ProFormSwitch colProps={{ span: 12 }} name="monitoringPoint" label={t('merchants.registry.monitoringPoint')} />
      {monitoring && (
        <Col span={12}>
          <Form.Item
            name="liaisonPersonId"
            label={t('merchants.registry.liaison')}
            rules={[{ required: true, message: t('merchants.registry.liaisonRequired') }]}
          >
            <PersonSelect />
          </Form.Item>
        </Col>
      )}
    </DrawerForm>
  );
}
