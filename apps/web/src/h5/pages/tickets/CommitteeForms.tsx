import { lastReturn, routedUnit, type Category, type Grid, type Person, type TicketAction, type TicketDetail, type Unit } from '@tongxin/domain';
import { Form, List, Radio, Space, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { PickerTrigger } from '../../components/KeyboardFields.tsx';
import { KeyboardDatePicker, KeyboardPicker } from '../../components/KeyboardPicker.tsx';
import { errorText } from '../../errors.ts';
import { NoteField, RatingFields, SubmitButton, useRun, type Submit } from './formParts.tsx';
import { dateOnly } from '../../../shared/dates.ts';
import { endOfShanghaiDay } from './labels.ts';
import { UnitPicker } from './UnitPicker.tsx';

type Items<T> = { items: T[]; total: number };

/** The committee's actions the phone offers besides the handler's: 派单, 延期审批, 催办/督办, 回访. */
export const COMMITTEE_FORM_ACTIONS: readonly TicketAction[] = ['dispatch', 'decide_extension', 'urge', 'callback'];

/** The form of one committee action (see COMMITTEE_FORM_ACTIONS); null for any other. */
export function CommitteeForm({ action, ticket, onSubmit }: { action: TicketAction; ticket: TicketDetail; onSubmit: Submit }) {
  switch (action) {
    case 'dispatch':
      return <DispatchForm ticket={ticket} onSubmit={onSubmit} />;
    case 'decide_extension':
      return <DecideExtensionForm ticket={ticket} onSubmit={onSubmit} />;
    case 'urge':
      return <UrgeForm onSubmit={onSubmit} />;
    case 'callback':
      return <CallbackForm onSubmit={onSubmit} />;
    default:
      return null;
  }
}

interface Lookups {
  units: Unit[];
  categories: Category[];
  grids: Grid[];
}

/** What dispatching needs: the alliance's active units, and the categories and grids that pre-fill the routed unit. */
function useLookups(): Lookups | null {
  const [data, setData] = useState<Lookups | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      get<Items<Unit>>('/units', { pageSize: 200 }),
      get<Items<Category>>('/categories', { pageSize: 200 }),
      get<Items<Grid>>('/grids', { pageSize: 200 }),
    ]).then(
      ([u, c, g]) => live && setData({ units: u.items.filter((x) => x.status === 'active'), categories: c.items, grids: g.items }),
      (e: unknown) => live && Toast.show({ icon: 'fail', content: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return data;
}

/** People of the lead unit, for the responsible person. */
function useUnitPeople(unitId: string | undefined): Person[] {
  const [people, setPeople] = useState<{ unitId?: string; rows: Person[] }>({ rows: [] });
  useEffect(() => {
    if (!unitId) return;
    let live = true;
    get<Items<Person>>('/people', { unitId, pageSize: 200 }).then(
      (r) => live && setPeople({ unitId, rows: r.items }),
      () => live && setPeople({ unitId, rows: [] }),
    );
    return () => {
      live = false;
    };
  }, [unitId]);
  return people.unitId === unitId ? people.rows : [];
}

/** 派单 on the phone: lead unit (pre-filled by routing), assisting units, responsible person, deadline (default: the SLA), note. */
function DispatchForm({ ticket, onSubmit }: { ticket: TicketDetail; onSubmit: Submit }) {
  const { busy, run } = useRun('dispatch', onSubmit);
  const lookups = useLookups();
  const [lead, setLead] = useState<string | undefined>(ticket.leadUnitId ?? undefined);
  const [assist, setAssist] = useState<string[]>(ticket.assistUnitIds);
  const [person, setPerson] = useState<string | undefined>();
  const [grid, setGrid] = useState<string | undefined>(ticket.gridId ?? undefined);
  const [due, setDue] = useState<Date | null>(null);
  // every picker opened from its row by state: antd-mobile hands a Form.Item's picker ref only to items with a `name`
  const [open, setOpen] = useState<'lead' | 'assist' | 'due' | 'person' | 'grid' | null>(null);
  const people = useUnitPeople(lead);
  const category = lookups?.categories.find((c) => c.id === ticket.categoryId);
  const returned = lastReturn(ticket.timeline);
  const routed = lookups ? routedUnit(category, ticket.gridId, lookups.grids, returned?.unitId) : undefined;
  // each row opens its sheet on a tap, or on Enter/Space at its focusable value (PickerTrigger)
  const opener = (which: NonNullable<typeof open>, ready: unknown) => () => {
    if (ready) setOpen(which);
  };
  const openLead = opener('lead', lookups);
  const openAssist = opener('assist', lookups);
  const openPerson = opener('person', lead && people.length > 0);
  const openGrid = opener('grid', lookups);
  const openDue = opener('due', true);

  // the routed unit pre-fills the lead unit once the lookups are in, unless staff already picked one
  useEffect(() => {
    if (routed && !lead) setLead(routed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [routed]);

  const unitName = (id: string) => lookups?.units.find((u) => u.id === id)?.name ?? id;
  const sla = category
    ? ticket.urgent
      ? t('h5.dispatch.slaUrgent', { hours: category.urgentHours })
      : t('h5.dispatch.slaDays', { days: category.resolveDays })
    : '';
  const submit = (v: { note?: string }) => {
    if (!lead) return Toast.show({ content: t('h5.dispatch.leadRequired') });
    return run({
      leadUnitId: lead,
      assistUnitIds: assist.filter((x) => x !== lead),
      responsiblePersonId: person ?? null,
      ...(grid && grid !== ticket.gridId ? { gridId: grid } : {}),
      ...(due ? { dueAt: endOfShanghaiDay(due) } : {}),
      note: v.note?.trim() || null,
    });
  };

  return (
    <Form layout="vertical" onFinish={submit} footer={<SubmitButton busy={busy} />}>
      {returned && (
        <div className="tx-returned-note" data-testid="returned-note">
          {t('h5.dispatch.returned', { unit: returned.unitName ?? t('h5.dash'), reason: returned.reason ?? t('h5.dash') })}
        </div>
      )}
      <Form.Item
        label={t('h5.dispatch.leadUnit')}
        onClick={openLead}
        arrowIcon
        description={lead && lead === routed ? t('h5.dispatch.routedHint') : undefined}
        data-testid="dispatch-lead"
      >
        <PickerTrigger open={openLead} label={t('h5.dispatch.leadUnit')}>
          {lead ? unitName(lead) : <span className="tx-placeholder">{t(lookups ? 'h5.dispatch.pickUnit' : 'h5.dispatch.loading')}</span>}
        </PickerTrigger>
      </Form.Item>
      <Form.Item label={t('h5.dispatch.assistUnits')} onClick={openAssist} arrowIcon data-testid="dispatch-assist">
        <PickerTrigger open={openAssist} label={t('h5.dispatch.assistUnits')}>
          {assist.length ? assist.map(unitName).join('、') : <span className="tx-placeholder">{t('h5.dispatch.optional')}</span>}
        </PickerTrigger>
      </Form.Item>
      <Form.Item label={t('h5.dispatch.responsible')} onClick={openPerson} arrowIcon data-testid="dispatch-person">
        <KeyboardPicker
          columns={[people.map((p) => ({ label: p.phone ? `${p.name}（${p.phone}）` : p.name, value: p.id }))]}
          value={person ? [person] : []}
          visible={open === 'person'}
          onClose={() => setOpen(null)}
          onConfirm={(v) => setPerson(v[0] ? String(v[0]) : undefined)}
          title={t('h5.dispatch.responsible')}
        >
          {() => (
            <PickerTrigger open={openPerson} label={t('h5.dispatch.responsible')}>
              {person ? (
                (people.find((p) => p.id === person)?.name ?? '')
              ) : (
                <span className="tx-placeholder">
                  {t(lead ? (people.length ? 'h5.dispatch.optional' : 'h5.dispatch.noPeople') : 'h5.dispatch.pickLeadFirst')}
                </span>
              )}
            </PickerTrigger>
          )}
        </KeyboardPicker>
      </Form.Item>
      <Form.Item
        label={t('h5.ticket.grid')}
        onClick={openGrid}
        arrowIcon
        description={ticket.gridId ? undefined : t('h5.dispatch.gridMissing')}
        data-testid="dispatch-grid"
      >
        <KeyboardPicker
          columns={[(lookups?.grids ?? []).map((g) => ({ label: g.name, value: g.id }))]}
          value={grid ? [grid] : []}
          visible={open === 'grid'}
          onClose={() => setOpen(null)}
          onConfirm={(v) => setGrid(v[0] ? String(v[0]) : undefined)}
          title={t('h5.ticket.grid')}
        >
          {() => (
            <PickerTrigger open={openGrid} label={t('h5.ticket.grid')}>
              {grid ? (lookups?.grids.find((g) => g.id === grid)?.name ?? '') : <span className="tx-placeholder">{t('h5.ticket.gridPlaceholder')}</span>}
            </PickerTrigger>
          )}
        </KeyboardPicker>
      </Form.Item>
      <Form.Item label={t('h5.dispatch.deadline')} onClick={openDue} arrowIcon description={t('h5.dispatch.deadlineDefault', { sla })}>
        <PickerTrigger open={openDue} label={t('h5.dispatch.deadline')}>
          {due ? dateOnly(endOfShanghaiDay(due)) : <span className="tx-placeholder">{t('h5.dispatch.bySla')}</span>}
        </PickerTrigger>
      </Form.Item>
      <KeyboardDatePicker
        visible={open === 'due'}
        min={new Date()}
        max={new Date(Date.now() + 366 * 86_400_000)}
        onClose={() => setOpen(null)}
        onConfirm={(d) => setDue(d)}
        title={t('h5.dispatch.deadline')}
      />
      <NoteField placeholder={t('h5.dispatch.notePlaceholder')} />
      {lookups && (
        <>
          <UnitPicker
            units={lookups.units}
            value={lead ? [lead] : []}
            visible={open === 'lead'}
            title={t('h5.dispatch.leadUnit')}
            onClose={() => setOpen(null)}
            onChange={(ids) => {
              if (ids[0] && ids[0] !== lead) {
                setLead(ids[0]);
                setPerson(undefined);
                setAssist((a) => a.filter((x) => x !== ids[0]));
              }
            }}
          />
          <UnitPicker
            units={lookups.units}
            value={assist}
            multiple
            exclude={lead}
            visible={open === 'assist'}
            title={t('h5.dispatch.assistUnits')}
            onClose={() => setOpen(null)}
            onChange={setAssist}
          />
        </>
      )}
    </Form>
  );
}

/** One of a few labelled options, one per line (a Form.Item passes value and onChange). */
function Choice({ options, value, onChange }: { options: [string, string][]; value?: string; onChange?: (v: string) => void }) {
  return (
    <Radio.Group value={value} onChange={(v) => onChange?.(String(v))}>
      <Space direction="vertical">
        {options.map(([v, label]) => (
          <Radio key={v} value={v}>
            {label}
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}

/** 延期审批: what the unit asked for (the last request's date and reason), approve or reject, and a note. */
function DecideExtensionForm({ ticket, onSubmit }: { ticket: TicketDetail; onSubmit: Submit }) {
  const { busy, run } = useRun('decide_extension', onSubmit);
  const request = [...ticket.timeline].reverse().find((e) => e.action === 'request_extension');
  const until = typeof request?.data?.until === 'number' ? request.data.until : null;
  return (
    <Form
      layout="vertical"
      initialValues={{ approve: 'yes' }}
      onFinish={(v: { approve: string; note?: string }) => run({ approve: v.approve === 'yes', note: v.note?.trim() || null })}
      footer={<SubmitButton busy={busy} />}
    >
      <List className="tx-extension-request" data-testid="extension-request">
        <List.Item extra={ticket.dueAt ? dateOnly(ticket.dueAt) : t('h5.dash')}>{t('h5.extension.currentDue')}</List.Item>
        <List.Item extra={until ? dateOnly(until) : t('h5.dash')}>{t('h5.extension.until')}</List.Item>
        {request?.note && <List.Item description={request.note}>{t('h5.extension.reason')}</List.Item>}
      </List>
      <Form.Item name="approve" label={t('h5.extension.decision')}>
        <Choice
          options={[
            ['yes', t('h5.extension.approve')],
            ['no', t('h5.extension.reject')],
          ]}
        />
      </Form.Item>
      <NoteField />
    </Form>
  );
}

/** 催办 (a reminder) or 督办 (formal supervision, recorded as such), with a note; the handler is notified. */
function UrgeForm({ onSubmit }: { onSubmit: Submit }) {
  const { busy, run } = useRun('urge', onSubmit);
  return (
    <Form
      layout="vertical"
      initialValues={{ level: 'urge' }}
      onFinish={(v: { level: string; note?: string }) => run({ level: v.level, note: v.note?.trim() || null })}
      footer={<SubmitButton busy={busy} />}
    >
      <Form.Item name="level" label={t('h5.urge.level')}>
        <Choice
          options={[
            ['urge', t('h5.urge.urge')],
            ['supervise', t('h5.urge.supervise')],
          ]}
        />
      </Form.Item>
      <NoteField placeholder={t('h5.urge.notePlaceholder')} />
    </Form>
  );
}

/** 回访: staff record the reporter's rating taken by phone (it counts in 三率 like the reporter's own). */
function CallbackForm({ onSubmit }: { onSubmit: Submit }) {
  const { busy, run } = useRun('callback', onSubmit);
  return (
    <Form
      layout="vertical"
      initialValues={{ stars: 5, solved: true }}
      onFinish={(v: { stars: number; solved: boolean; comment?: string; note?: string }) => {
        if (!v.stars) return Toast.show({ content: t('h5.ticket.starsRequired') });
        return run({ stars: v.stars, solved: !!v.solved, comment: v.comment?.trim() || null, note: v.note?.trim() || null });
      }}
      footer={<SubmitButton busy={busy} />}
    >
      <div className="tx-hint tx-rate-hint">{t('h5.callback.hint')}</div>
      <RatingFields />
      <Form.Item name="comment" label={t('h5.callback.comment')}>
        <TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <NoteField label={t('h5.callback.note')} placeholder={t('h5.callback.notePlaceholder')} />
    </Form>
  );
}
