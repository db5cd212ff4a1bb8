import type { Adoption, ProjectEvent, ProjectNode } from '@tongxin/domain';
import { Descriptions, Drawer, Empty, Image, List, Progress, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { showError } from '../../lib/errors.ts';
import { fmtTime } from '../../lib/time.ts';
import { MeetingOrigin } from './MeetingOrigin.tsx';

/** One timeline line: who did what (progress from → to, status change), the note and the photos. */
function EventLine({ e }: { e: ProjectEvent }) {
  // the roll-up's notes are stored in Chinese; shown in the user's language
  const note = e.autoNote ? t(`projects.autoNote.${e.autoNote}`) : e.note;
  return (
    <Space direction="vertical" size={2}>
      <span>
        <Typography.Text strong>{t(`projects.event.${e.action}`)}</Typography.Text>
        {e.actorName && <Typography.Text type="secondary"> · {e.actorName}</Typography.Text>}
        <Typography.Text type="secondary"> · {fmtTime(e.at)}</Typography.Text>
      </span>
      {e.progressTo !== null && <span>{t('projects.progressChange', { from: e.progressFrom ?? 0, to: e.progressTo })}</span>}
      {e.toStatus && e.fromStatus && (
        <span>{t('projects.statusChange', { from: t(`projectStatus.${e.fromStatus}`), to: t(`projectStatus.${e.toStatus}`) })}</span>
      )}
      {note && <Typography.Paragraph style={{ margin: 0 }}>{note}</Typography.Paragraph>}
      {e.photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {e.photos.map((p) => (
              <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={72} height={72} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </Space>
  );
}

/** The project's details and timeline; a service project also lists the merchants that adopted it. */
export function TimelineDrawer({ project, onClose }: { project: ProjectNode; onClose: () => void }) {
  const [events, setEvents] = useState<ProjectEvent[] | null>(null);
  const [adoptions, setAdoptions] = useState<Adoption[]>([]);
  useEffect(() => {
    let live = true;
    get<{ items: ProjectEvent[] }>(`/projects/${project.id}/timeline`)
      .then((r) => live && setEvents(r.items))
      .catch((e: unknown) => {
        showError(e);
        if (live) setEvents([]);
      });
    if (project.kind === 'service')
      get<{ items: Adoption[] }>(`/projects/${project.id}/adoptions`, { pageSize: 100 })
        .then((r) => live && setAdoptions(r.items))
        .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [project.id, project.kind]);

  return (
    <Drawer open onClose={onClose} width={560} title={project.title}>
      <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('projects.ownerUnit')}>{project.ownerUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('projects.responsible')}>{project.responsiblePersonName ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('projects.deadline')}>
          {project.deadline ?? '-'} {project.overdue && <Tag color="red">{t('projects.overdue')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('common.status')}>{t(`projectStatus.${project.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('projects.progress')}>
          <Progress percent={project.progress} size="small" />
        </Descriptions.Item>
        {/* not a column of the list (which must fit the screen): it only matters beside the sibling projects */}
        <Descriptions.Item label={t('projects.weight')}>{project.weight}</Descriptions.Item>
        {project.resolutionId && (
          <Descriptions.Item label={t('projects.origin')} span={2}>
            <MeetingOrigin project={project} />
          </Descriptions.Item>
        )}
        {project.ticketNumber && <Descriptions.Item label={t('projects.linkedTicket')}>{project.ticketNumber}</Descriptions.Item>}
        {project.resourceTitle && <Descriptions.Item label={t('projects.linkedResource')}>{project.resourceTitle}</Descriptions.Item>}
        {project.description && (
          <Descriptions.Item label={t('projects.description')} span={2}>
            {project.description}
          </Descriptions.Item>
        )}
      </Descriptions>
      {project.kind === 'service' && (
        <List
          size="small"
          header={t('projects.adopted', { n: project.adoptedCount, capacity: project.capacity ?? '∞' })}
          dataSource={adoptions}
          locale={{ emptyText: t('projects.noAdoptions') }}
          renderItem={(a) => (
            <List.Item>
              <Space>
                <span>{a.merchantName ?? a.adopterName}</span>
                <Tag color={a.status === 'active' ? 'green' : 'default'}>{t(`adoptionStatus.${a.status}`)}</Tag>
                <Typography.Text type="secondary">{fmtTime(a.createdAt)}</Typography.Text>
              </Space>
            </List.Item>
          )}
          style={{ marginBottom: 16 }}
        />
      )}
      {events === null ? (
        <Spin />
      ) : events.length === 0 ? (
        <Empty />
      ) : (
        <Timeline items={events.map((e) => ({ key: e.id, color: e.action === 'status' ? 'green' : 'blue', children: <EventLine e={e} /> }))} />
      )}
    </Drawer>
  );
}
