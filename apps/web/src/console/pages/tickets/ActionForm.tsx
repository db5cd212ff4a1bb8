import { ModalForm, ProFormDateTimePicker, ProFormRadio, ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import {
  CallbackBody,
  CancelBody,
  CommentBody,
  DispatchBody,
  EscalateBody,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  MergeBody,
  RateBody,
  ResolveBody,
  ReturnBody,
  UrgeBody,
  lastReturn,
  routedUnit,
} from '@tongxin/domain';
import type { Category, Grid, Person, Ticket, TicketAction, TicketDetail, Unit } from '@tongxin/domain';
import { Alert, Col, Form, Rate, Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { ApiError, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { GridTreeSelect, UnitSelect } from '../../components/RefSelects.tsx';
import { showError } from '../../lib/errors.ts';
import { fetchAll } from '../../lib/list.ts';
import { pickedTime as toMs } from '../../lib/time.ts';
import { PhotoUpload } from './PhotoUpload.tsx';
import { ResourceSuggestions } from '../resources/ResourceSuggestions.tsx';

/** The body schema of each action that has a form (accept has none; close_unrated is the clock's). */
const SCHEMAS: Partial<Record<TicketAction, z.ZodObject>> = {
  dispatch: DispatchBody,
  return: ReturnBody,
  resolve: ResolveBody,
  rate: RateBody,
  callback: CallbackBody,
  escalate: EscalateBody,
  cancel: CancelBody,
  merge: MergeBody,
  request_extension: ExtensionRequestBody,
  decide_extension: ExtensionDecisionBody,
  urge: UrgeBody,
  comment: CommentBody,
};

type Values = Record<string, unknown>;

/** People of the lead unit, for the responsible person. */
function UnitPeopleSelect({ unitId, value, onChange, id }: { unitId?: string; value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    if (!unitId) {
      setPeople([]);
      return;
    }
    let live = true;
    void fetchAll<Person>('/people', { unitId }).then((rows) => live && setPeople(rows));
    return () => {
      live = false;
    };
  }, [unitId]);
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      allowClear
      showSearch
      optionFilterProp="label"
      disabled={!unitId}
      placeholder={unitId ? t('console.ticket.pickPerson') : t('console.ticket.pickLeadFirst')}
      options={people.map((p) => ({ value: p.id, label: p.phone ? `${p.name}（${p.phone}）` : p.name }))}
      style={{ width: '100%' }}
    />
  );
}

/** Open tickets searched by number or words, as the target of a merge. */
function TicketSearchSelect({
  source,
  value,
  onChange,
  onPicked,
  id,
}: {
  source: Ticket;
  value?: string;
  onChange?: (v: string | undefined) => void;
  /** the ticket picked (or none), for the dialog's warning */
  onPicked?: (t: Ticket | undefined) => void;
  id?: string;
}) {
  const [rows, setRows] = useState<Ticket[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // open cases only, and no complaint into another kind or back (the server refuses those)
      void fetchAll<Ticket>('/tickets', { q: q.trim() || undefined, pageSize: 20 }).then((found) =>
        setRows(
          found.filter(
            (r) =>
              r.id !== source.id &&
              ['submitted', 'dispatched', 'accepted', 'resolved'].includes(r.status) &&
              (r.kind === 'complaint') === (source.kind === 'complaint'),
          ),
        ),
      );
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onPicked?.(rows.find((r) => r.id === v));
      }}
      options={rows.map((r) => ({ value: r.id, label: `${r.number} ${r.title}（${r.categoryName}）` }))}
      showSearch
      filterOption={false}
      onSearch={search}
      allowClear
      placeholder={t('console.ticket.mergeSearch')}
      style={{ width: '100%' }}
    />
  );
}

/** The dialog of one action: its body's fields, validated with the shared schema, POSTed to /tickets/:id/actions/:action. */
export function ActionForm({
  ticket,
  action,
  categories,
  grids,
  units,
  onClose,
  onDone,
}: {
  ticket: TicketDetail;
  action: TicketAction;
  categories: Category[];
  grids: Grid[];
  units: Unit[];
  onClose: () => void;
  onDone: (t: TicketDetail | null) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [mergeTarget, setMergeTarget] = useState<Ticket | undefined>();
  const schema = SCHEMAS[action];
  const rule = (field: string) => (schema ? [zodRule(schema, field)] : []);
  const required = { required: true, message: t('issue.required') };
  const category = categories.find((c) => c.id === ticket.categoryId);
  const leadUnitId = Form.useWatch('leadUnitId', form) as string | undefined;
  const unitOptions = useMemo(() => units.map((u) => ({ value: u.id, label: u.name })), [units]);
  const returned = action === 'dispatch' ? lastReturn(ticket.timeline) : null;
  const routed = routedUnit(category, ticket.gridId, grids, returned?.unitId);

  const initialValues: Values = useMemo(() => {
    switch (action) {
      case 'dispatch':
        return { leadUnitId: ticket.leadUnitId ?? routed, assistUnitIds: ticket.assistUnitIds, gridId: ticket.gridId ?? undefined };
      case 'urge':
        return { level: 'urge' };
      // a rating (评价, 回访) and an extension decision are the staff's explicit choice: nothing is pre-selected, so a
      // stray 确定 cannot record 5★ 已解决 or approve an extension
      default:
        return {};
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  const body = (v: Values): Values => {
    const out: Values = { ...v };
    for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === '') delete out[k];
    if (action === 'dispatch') {
      const due = toMs(v.dueAt);
      if (due === undefined) delete out.dueAt;
      else out.dueAt = due;
      if (!out.responsiblePersonId) out.responsiblePersonId = null;
    }
    if (action === 'request_extension') out.until = toMs(v.until);
    return out;
  };

  const submit = async (v: Values) => {
    try {
      const r = await post<TicketDetail>(`/tickets/${ticket.id}/actions/${action}`, body(v));
      onDone(r);
      return true;
    } catch (e) {
      showError(e, form);
      // the ticket moved on meanwhile: refresh what is shown
      if (e instanceof ApiError && e.code === 'ILLEGAL_TRANSITION') {
        onDone(null);
        return true;
      }
      return false;
    }
  };

  const sla = category
    ? ticket.urgent
      ? t('console.ticket.slaUrgent', { hours: category.urgentHours })
      : t('console.ticket.slaDays', { days: category.resolveDays })
    : '';

  const fields = () => {
    switch (action) {
      case 'dispatch':
        return (
          <>
            {returned && (
              <Col span={24}>
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  data-testid="returned-note"
                  message={t('console.ticket.returnedBy', { unit: returned.unitName ?? '—', reason: returned.reason ?? '—' })}
                />
              </Col>
            )}
            <Col span={24}>
              <ResourceSuggestions ticket={ticket} draft={() => form.getFieldsValue()} onDone={onDone} />
            </Col>
            <Col span={12}>
              <Form.Item name="leadUnitId" label={t('console.ticket.leadUnit')} rules={[required]} extra={routed ? t('console.ticket.routedHint') : undefined}>
                <UnitSelect units={units} onChange={() => form.setFieldValue('responsiblePersonId', undefined)} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="responsiblePersonId" label={t('console.ticket.responsiblePerson')}>
                <UnitPeopleSelect unitId={leadUnitId} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                name="gridId"
                label={t('console.ticket.grid')}
                extra={ticket.gridId ? undefined : t('console.ticket.gridMissingHint')}
                validateStatus={ticket.gridId ? undefined : 'warning'}
              >
                {/* a dispatch sets or moves the grid, never removes it */}
                <GridTreeSelect grids={grids} required={!!ticket.gridId} />
              </Form.Item>
            </Col>
            <ProFormSelect
              colProps={{ span: 24 }}
              name="assistUnitIds"
              label={t('console.ticket.assistUnits')}
              mode="multiple"
              options={unitOptions.filter((o) => o.value !== leadUnitId)}
              fieldProps={{ optionFilterProp: 'label', maxCount: 10 }}
            />
            <ProFormDateTimePicker
              colProps={{ span: 24 }}
              name="dueAt"
              label={t('console.ticket.deadline')}
              fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' }, style: { width: '100%' } }}
              extra={t('console.ticket.deadlineDefault', { sla })}
            />
            <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.note')} rules={rule('note')} />
          </>
        );
      case 'return':
        return <ProFormTextArea colProps={{ span: 24 }} name="reason" label={t('console.ticket.returnReason')} rules={[required, ...rule('reason')]} />;
      case 'escalate':
        return (
          <>
            <Col span={24}>
              <Alert type="info" showIcon message={t('console.ticket.escalateHint')} style={{ marginBottom: 16 }} />
            </Col>
            <ProFormTextArea colProps={{ span: 24 }} name="reason" label={t('console.ticket.reason')} rules={[required, ...rule('reason')]} />
          </>
        );
      case 'cancel':
        return <ProFormTextArea colProps={{ span: 24 }} name="reason" label={t('console.ticket.reason')} rules={[required, ...rule('reason')]} />;
      case 'resolve':
        return (
          <>
            <ProFormTextArea
              colProps={{ span: 24 }}
              name="feedback"
              label={t('console.ticket.feedback')}
              fieldProps={{ rows: 4 }}
              rules={[required, ...rule('feedback')]}
            />
            <Col span={24}>
              <Form.Item name="photos" label={t('console.ticket.photos')}>
                <PhotoUpload />
              </Form.Item>
            </Col>
          </>
        );
      case 'rate':
      case 'callback':
        return (
          <>
            <Col span={12}>
              <Form.Item name="stars" label={t('console.ticket.stars')} rules={[required]}>
                <Rate />
              </Form.Item>
            </Col>
            <ProFormRadio.Group
              colProps={{ span: 12 }}
              name="solved"
              label={t('console.ticket.solved')}
              options={[
                { value: true, label: t('console.ticket.solvedYes') },
                { value: false, label: t('console.ticket.solvedNo') },
              ]}
              rules={[required]}
            />
            <ProFormTextArea colProps={{ span: 24 }} name="comment" label={t('console.ticket.ratingComment')} rules={rule('comment')} />
            {action === 'callback' && <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.callbackNote')} rules={rule('note')} />}
            <Col span={24}>
              <Alert type="info" showIcon message={t('console.ticket.rateHint')} />
            </Col>
          </>
        );
      case 'merge':
        return (
          <>
            <Col span={24}>
              <Form.Item
                name="targetId"
                label={t('console.ticket.mergeTarget')}
                rules={[required]}
                // a duplicate is the same thing reported twice: another category is worth a second look
                extra={
                  mergeTarget && mergeTarget.categoryId !== ticket.categoryId
                    ? t('console.ticket.mergeOtherCategory', { category: mergeTarget.categoryName })
                    : undefined
                }
                validateStatus={mergeTarget && mergeTarget.categoryId !== ticket.categoryId ? 'warning' : undefined}
              >
                <TicketSearchSelect source={ticket} onPicked={setMergeTarget} />
              </Form.Item>
            </Col>
            <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.note')} rules={rule('note')} />
          </>
        );
      case 'request_extension':
        return (
          <>
            <ProFormDateTimePicker
              colProps={{ span: 24 }}
              name="until"
              label={t('console.ticket.extendUntil')}
              fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' }, style: { width: '100%' } }}
              rules={[required]}
            />
            <ProFormTextArea colProps={{ span: 24 }} name="reason" label={t('console.ticket.reason')} rules={[required, ...rule('reason')]} />
          </>
        );
      case 'decide_extension':
        return (
          <>
            <ProFormRadio.Group
              colProps={{ span: 24 }}
              name="approve"
              label={t('console.ticket.decision')}
              options={[
                { value: true, label: t('console.ticket.approve') },
                { value: false, label: t('console.ticket.reject') },
              ]}
              rules={[required]}
            />
            <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.note')} rules={rule('note')} />
          </>
        );
      case 'urge':
        return (
          <>
            <ProFormRadio.Group
              colProps={{ span: 24 }}
              name="level"
              label={t('console.ticket.urgeLevel')}
              options={[
                { value: 'urge', label: t('console.ticket.urgeLevel.urge') },
                { value: 'supervise', label: t('console.ticket.urgeLevel.supervise') },
              ]}
            />
            <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.note')} rules={rule('note')} />
          </>
        );
      case 'comment':
        return (
          <>
            <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.ticket.note')} rules={[required, ...rule('note')]} />
            <Col span={24}>
              <Form.Item name="photos" label={t('console.ticket.photos')}>
                <PhotoUpload />
              </Form.Item>
            </Col>
          </>
        );
      default:
        return null;
    }
  };

  return (
    <ModalForm<Values>
      name={`ticketAction-${action}`}
      title={`${t(`ticketAction.${action}`)} · ${ticket.number}`}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={action === 'dispatch' ? 640 : 520}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initialValues}
      modalProps={{ destroyOnHidden: true }}
      onFinish={submit}
    >
      {fields()}
    </ModalForm>
  );
}
