import { DrawerForm, ProFormDigit, ProFormList, ProFormSelect, ProFormText, ProFormTextArea, ProFormTimePicker } from '@ant-design/pro-components';
import { CRS, RECORD_STATUSES, RESOURCE_CATEGORIES, ResourceCreate, ResourceUpdate } from '@tongxin/domain';
import type { Resource, ResourceCategory, Unit } from '@tongxin/domain';
import { Col, Form, InputNumber, Row } from 'antd';
import { patch, post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { UnitSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { dayjs } from '../../lib/time.ts';

interface Values {
  unitId?: string;
  category: ResourceCategory;
  title: string;
  description?: string;
  capacity?: number | null;
  availability?: string;
  weeklySlots?: Array<{ weekday: number; start: string; end: string }>;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  crs?: 'wgs84' | 'gcj02';
  status?: 'active' | 'disabled';
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** A picked time (string or dayjs, depending on the picker) as HH:mm. */
function hhmm(v: unknown): string {
  if (dayjs.isDayjs(v)) return v.format('HH:mm');
  return String(v).slice(0, 5);
}

/** The drawer that creates or edits a resource; the unit is picked only by those who act for more than one unit. */
export function ResourceForm({
  editing,
  units,
  pickUnit,
  onClose,
  onDone,
}: {
  editing: Resource | null;
  units: Unit[];
  pickUnit: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const schema = editing ? ResourceUpdate : ResourceCreate;
  const initial: Partial<Values> = editing
    ? {
        category: editing.category,
        title: editing.title,
        description: editing.description ?? undefined,
        capacity: editing.capacity,
        availability: editing.availability ?? undefined,
        weeklySlots: editing.weeklySlots,
        contactName: editing.contactName ?? undefined,
        address: editing.address ?? undefined,
        lng: editing.location?.lng ?? null,
        lat: editing.location?.lat ?? null,
        crs: editing.location?.crs ?? 'wgs84',
        status: editing.status,
      }
    : { category: 'venue', crs: 'gcj02', weeklySlots: [] };

  const submit = async (v: Values) => {
    const { lng, lat, crs, ...rest } = v;
    const body: Record<string, unknown> = {
      ...rest,
      capacity: v.capacity ?? null,
      description: v.description ?? '',
      availability: v.availability ?? '',
      contactName: v.contactName ?? '',
      address: v.address ?? '',
      weeklySlots: (v.weeklySlots ?? [])
        .filter((s) => s.weekday && s.start && s.end)
        .map((s) => ({ weekday: s.weekday, start: hhmm(s.start), end: hhmm(s.end) })),
      location: typeof lng === 'number' && typeof lat === 'number' ? { lng, lat, crs: crs ?? 'wgs84' } : null,
    };
    // the phone comes masked: on edit an empty field keeps the stored number
    if (!v.contactPhone) delete body.contactPhone;
    if (editing) delete body.unitId;
    const ok = await attempt(() => (editing ? patch(`/resources/${editing.id}`, body) : post('/resources', body)), form);
    if (ok) onDone();
    return ok;
  };

  return (
    <DrawerForm<Values>
      name="resource"
      title={editing ? t('resources.edit') : t('resources.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      drawerProps={{ destroyOnHidden: true }}
      onFinish={submit}
    >
      {pickUnit && !editing && (
        <Col span={24}>
          <Form.Item name="unitId" label={t('resources.unit')} rules={[{ required: true, message: t('issue.required') }]}>
            <UnitSelect units={units} />
          </Form.Item>
        </Col>
      )}
      <ProFormSelect
        colProps={{ span: 12 }}
        name="category"
        label={t('resources.category')}
        options={enumOptions('resourceCategory', RESOURCE_CATEGORIES)}
        allowClear={false}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormDigit
        colProps={{ span: 12 }}
        name="capacity"
        label={t('resources.capacity')}
        min={1}
        fieldProps={{ precision: 0 }}
        rules={[zodRule(schema, 'capacity')]}
      />
      <ProFormText
        colProps={{ span: 24 }}
        name="title"
        label={t('resources.title')}
        placeholder={t('resources.titlePlaceholder')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(ResourceCreate, 'title', editing?.title)]}
      />
      <ProFormTextArea
        colProps={{ span: 24 }}
        name="description"
        label={t('resources.description')}
        fieldProps={{ rows: 3 }}
        rules={[zodRule(schema, 'description')]}
      />
      <ProFormText
        colProps={{ span: 24 }}
        name="availability"
        label={t('resources.availability')}
        placeholder={t('resources.availabilityPlaceholder')}
        rules={[zodRule(schema, 'availability')]}
      />
      <Col span={24}>
        <ProFormList
          name="weeklySlots"
          label={t('resources.weeklySlots')}
          creatorButtonProps={{ creatorButtonText: t('resources.addSlot') }}
          copyIconProps={false}
        >
          <Row gutter={8} style={{ width: 520 }}>
            <Col span={8}>
              <ProFormSelect
                name="weekday"
                options={WEEKDAYS.map((d) => ({ value: d, label: t(`resources.weekday.${d}`) }))}
                allowClear={false}
                rules={[{ required: true, message: t('issue.required') }]}
              />
            </Col>
            <Col span={8}>
              <ProFormTimePicker name="start" fieldProps={{ format: 'HH:mm' }} rules={[{ required: true, message: t('issue.required') }]} />
            </Col>
            <Col span={8}>
              <ProFormTimePicker name="end" fieldProps={{ format: 'HH:mm' }} rules={[{ required: true, message: t('issue.required') }]} />
            </Col>
          </Row>
        </ProFormList>
      </Col>
      <ProFormText
        colProps={{ span: 12 }}
        name="contactName"
        label={t('resources.contactName')}
        rules={[keptRule(ResourceCreate, 'contactName', editing?.contactName)]}
      />
      <ProFormText
        colProps={{ span: 12 }}
        name="contactPhone"
        label={t('resources.contactPhone')}
        placeholder={editing?.contactPhone ? t('console.keepMasked', { value: editing.contactPhone }) : '13812345678 / 0579-85551234'}
        // a number typed here is a new one (empty keeps the stored): checked as on create
        rules={[zodRule(ResourceCreate, 'contactPhone')]}
      />
      <ProFormText colProps={{ span: 24 }} name="address" label={t('resources.address')} rules={[zodRule(schema, 'address')]} />
      <Col span={9}>
        <Form.Item name="lng" label={t('resources.lng')}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={9}>
        <Form.Item name="lat" label={t('resources.lat')}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <ProFormSelect
        colProps={{ span: 6 }}
        name="crs"
        label={t('resources.crs')}
        options={CRS.map((c) => ({ value: c, label: t(`resources.crs.${c}`) }))}
        allowClear={false}
      />
      {editing && (
        <ProFormSelect colProps={{ span: 12 }} name="status" label={t('common.status')} options={enumOptions('status', RECORD_STATUSES)} allowClear={false} />
      )}
    </DrawerForm>
  );
}
