import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormRadio, ProFormText } from '@ant-design/pro-components';
import { CalendarDay } from '@tongxin/domain';
import { Alert, Button, Card, DatePicker, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { Form } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, del, get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { keptRule } from '../../../shared/zodRule.ts';
import { useMe } from '../../auth/session.tsx';
import { attempt, showError } from '../../lib/errors.ts';
import { TZ, dayjs } from '../../lib/time.ts';
import { holidayLabel } from '../../../shared/dataNames.ts';

type Day = z.infer<typeof CalendarDay>;
interface Year {
  year: number;
  published: boolean;
  days: Day[];
}
interface FormValues {
  date: Dayjs | string;
  kind: 'holiday' | 'workday';
  name?: string;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function DayForm({ editing, year, onClose, onDone }: { editing: Day | null; year: number; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const submit = async (v: FormValues) => {
    const date = dayjs.isDayjs(v.date) ? v.date.format('YYYY-MM-DD') : String(v.date).slice(0, 10);
    const body = { date, kind: v.kind, name: v.name ? v.name : null };
    const ok = await attempt(() => api('PUT', `/calendar/days/${date}`, body), form);
    if (ok) onDone();
    return ok;
  };
  return (
    <ModalForm<FormValues>
      name="calendarDay"
      title={editing ? t('console.calendar.edit') : t('console.calendar.add')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={440}
      initialValues={
        editing ? { date: dayjs(editing.date), kind: editing.kind, name: editing.name ?? undefined } : { kind: 'holiday', date: dayjs(`${year}-01-01`) }
      }
      onFinish={submit}
    >
      <ProFormDatePicker
        name="date"
        label={t('console.calendar.date')}
        disabled={!!editing}
        fieldProps={{ style: { width: '100%' } }}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormRadio.Group
        name="kind"
        label={t('console.calendar.kind')}
        options={[
          { value: 'holiday', label: t('console.calendar.holiday') },
          { value: 'workday', label: t('console.calendar.workday') },
        ]}
      />
      <ProFormText
        name="name"
        label={t('console.calendar.name')}
        placeholder={t('console.calendar.namePlaceholder')}
        rules={[keptRule(CalendarDay, 'name', editing?.name)]}
      />
    </ModalForm>
  );
}

/** 节假日日历: the city-wide working-day calendar behind every deadline (holidays and 调休 make-up working days). */
export function CalendarPage() {
  const me = useMe();
  const writable = me.permissions.includes('calendar:write');
  const [year, setYear] = useState(() => dayjs().tz(TZ).year());
  const [data, setData] = useState<Year | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<{ day: Day | null } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await get<Year>('/calendar', { year }));
    } catch (e) {
      setData(null);
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (d: Day) => {
    if (await attempt(() => del(`/calendar/days/${d.date}`), undefined, t('common.deleted'))) void load();
  };

  const days = [...(data?.days ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const holidays = days.filter((d) => d.kind === 'holiday').length;

  return (
    <PageContainer title={t('console.menu.calendar')} subTitle={t('console.calendar.subtitle')}>
      <Card>
        <Space style={{ marginBottom: 16 }} wrap>
          <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-06-01`)} onChange={(d: Dayjs | null) => d && setYear(d.year())} />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ day: null })}>
              {t('console.calendar.add')}
            </Button>
          )}
          {data && <span>{t('console.calendar.counts', { holidays, workdays: days.length - holidays })}</span>}
        </Space>
        {data &&
          (data.published ? (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('console.calendar.published', { year })} />
          ) : (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('console.calendar.unpublished', { year })} />
          ))}
        <Table<Day>
          rowKey="date"
          loading={loading}
          dataSource={days}
          pagination={false}
          size="small"
          columns={[
            { title: t('console.calendar.date'), dataIndex: 'date', width: 140 },
            { title: t('console.calendar.weekday'), key: 'wd', width: 100, render: (_v, d) => t(`console.calendar.wd.${WEEKDAYS[dayjs(d.date).day()]}`) },
            {
              title: t('console.calendar.kind'),
              dataIndex: 'kind',
              width: 140,
              render: (_v, d) =>
                d.kind === 'holiday' ? <Tag color="red">{t('console.calendar.holiday')}</Tag> : <Tag color="blue">{t('console.calendar.workday')}</Tag>,
            },
            { title: t('console.calendar.name'), dataIndex: 'name', render: (_v, d) => holidayLabel(d.name) ?? '-' },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'op',
                    width: 140,
                    render: (_v: unknown, d: Day) => (
                      <Space>
                        <a onClick={() => setEditing({ day: d })}>{t('common.edit')}</a>
                        <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove(d)}>
                          <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && <DayForm editing={editing.day} year={year} onClose={() => setEditing(null)} onDone={() => void load()} />}
    </PageContainer>
  );
}
