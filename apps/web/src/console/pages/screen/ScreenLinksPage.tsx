import { ProFormDigit } from '@ant-design/pro-components';
import { DISPLAY_LINK_DEFAULT_DAYS, DISPLAY_LINK_MAX_DAYS, DisplayLinkCreate, type DisplayLink, type DisplayLinkCreated } from '@tongxin/domain';
import { Alert, Space, Tag, Tooltip, Typography } from 'antd';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { RevocableTokensPage } from '../../components/RevocableTokensPage.tsx';
import { fmtTime } from '../../lib/time.ts';

/** The address a wall screen opens: the token in the fragment, which browsers send to no server. */
const displayUrl = (token: string) => `${window.location.origin}/screen/display#${token}`;

/** Why a link that is not revoked shows nothing any more (expired, its creator lost the rights), or null. */
function lapsed(l: DisplayLink) {
  if (l.expiresAt <= Date.now()) return <Tag color="orange">{t('screenLink.expired')}</Tag>;
  if (!l.creatorHolds)
    return (
      <Tooltip title={t('screenLink.creatorLostHelp')}>
        <Tag color="red">{t('screenLink.creatorLost')}</Tag>
      </Tooltip>
    );
  return null;
}

/** 投屏链接: links that keep the big screen on a wall display without a session; the link is shown once. */
export function ScreenLinksPage() {
  return (
    <RevocableTokensPage<DisplayLink, DisplayLinkCreated>
      ns="screenLink"
      title={t('console.menu.screenLinks')}
      path="/display-links"
      intro={<Alert type="info" showIcon message={t('screenLink.intro')} style={{ marginBottom: 16 }} />}
      scrollX={1300}
      // the state first after the name: a link that stopped (lapsed creator, expiry) must be seen without scrolling
      columns={(c) => [
        c.name,
        c.status(lapsed),
        c.prefix,
        {
          title: t('screenLink.sections'),
          dataIndex: 'sections',
          width: 200,
          tooltip: t('screenLink.sectionsHelp'),
          render: (_d, l) =>
            l.sections.length ? (
              <Space size={[0, 4]} wrap>
                {l.sections.map((s) => (
                  <Tag key={s}>{t(`screenLink.section.${s}`)}</Tag>
                ))}
              </Space>
            ) : (
              t('screenLink.onlyFigures')
            ),
        },
        { title: t('screenLink.createdBy'), dataIndex: 'createdByName', width: 110, render: (_d, l) => l.createdByName ?? '—' },
        c.createdAt,
        { title: t('screenLink.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (_d, l) => fmtTime(l.expiresAt) },
        c.lastUsedAt,
        c.actions,
      ]}
      form={{
        name: 'displayLink',
        schema: DisplayLinkCreate,
        initialValues: { days: DISPLAY_LINK_DEFAULT_DAYS },
        fields: (
          <ProFormDigit
            name="days"
            label={t('screenLink.days')}
            extra={t('screenLink.daysHelp', { max: DISPLAY_LINK_MAX_DAYS })}
            min={1}
            max={DISPLAY_LINK_MAX_DAYS}
            fieldProps={{ precision: 0 }}
            rules={[{ required: true, message: t('issue.required') }, zodRule(DisplayLinkCreate, 'days')]}
          />
        ),
      }}
      shown={(l) => ({
        secret: l ? displayUrl(l.token) : null,
        title: t('screenLink.linkTitle', { name: l?.name ?? '' }),
        warning: t('screenLink.linkWarning'),
        okText: t('screenLink.linkSaved'),
        testId: 'display-link-url',
        children: (
          <Typography.Link href={l ? displayUrl(l.token) : undefined} target="_blank" rel="noreferrer">
            {t('screenLink.open')}
          </Typography.Link>
        ),
      })}
    />
  );
}
