import type { Project } from '@tongxin/domain';
import { Link } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';

/**
 * Where a project created by a joint meeting's resolution came from: the meeting's title, opening its drawer on the
 * 联席会议 page for who reads meetings; the others (the API names no meeting to them) read only that a resolution made it.
 */
export function MeetingOrigin({ project }: { project: Pick<Project, 'resolutionId' | 'meetingId' | 'meetingTitle'> }) {
  const { can } = useSession();
  if (!project.resolutionId) return null;
  if (!project.meetingId || !project.meetingTitle || !can('meeting:read')) return <span>{t('projects.fromResolution')}</span>;
  return (
    <span>
      {t('projects.fromMeeting')}
      <Link to={`/meetings?open=${project.meetingId}`}>{project.meetingTitle}</Link>
    </span>
  );
}
