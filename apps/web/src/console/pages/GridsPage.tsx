import { PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { gridLevelFits, type Grid } from '@tongxin/domain';
import { Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Space, Spin, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { del } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { attempt } from '../lib/errors.ts';
import { nameMap, useGrids, useOrgs } from '../lib/lookups.ts';
import { fmtTime } from '../lib/time.ts';
import { allKeys, buildTree } from '../lib/tree.ts';
import { useEditor } from '../lib/useEditor.ts';
import { GridForm } from './GridForm.tsx';
import { GridMembers } from './GridMembers.tsx';

/** 网格: the grid tree (level names from the alliance), a cell's details and its members. */
export function GridsPage() {
  const me = useMe();
  const { can } = useSession();
  const grids = useGrids();
  const orgs = useOrgs();
  const orgNames = nameMap(orgs.rows);
  const editor = useEditor<Grid, Grid>();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const writable = can('grid:write');
  const levelNames = me.currentAlliance?.gridLevelNames ?? [];
  const levelName = (level: number) => levelNames[level] ?? t('console.grid.levelN', { n: level + 1 });
  const labelOf = (g: Grid) => g.levelName || levelName(g.level);

  const selected = grids.rows.find((g) => g.id === selectedId) ?? null;
  const tree = useMemo(() => {
    const term = q.trim();
    const rows = term ? grids.rows.filter((g) => g.name.includes(term) || (g.code ?? '').includes(term)) : grids.rows;
    return buildTree(rows, (g) => (
      <span>
        <Tag color="red" style={{ marginRight: 4 }}>
          {g.levelName || levelNames[g.level] || g.level + 1}
        </Tag>
        {g.name}
        {g.members.length > 0 && <span style={{ color: '#999' }}> ({g.members.length})</span>}
      </span>
    ));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grids.rows, q]);

  const remove = async (g: Grid) => {
    if (await attempt(() => del(`/grids/${g.id}`), undefined, t('common.deleted'))) {
      setSelectedId(null);
      void grids.reload();
    }
  };

  return (
    <PageContainer
      title={t('console.menu.grids')}
      subTitle={levelNames.length > 0 ? t('console.grid.levels', { levels: levelNames.join(' — ') }) : undefined}
      extra={
        writable
          ? [
              <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create(null)}>
                {t('common.create')}
              </Button>,
            ]
          : []
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={10} xl={8}>
          <Card
            title={t('console.grid.tree')}
            extra={<Input.Search size="small" allowClear placeholder={t('console.grid.searchPlaceholder')} onSearch={setQ} style={{ width: 180 }} />}
          >
            {grids.loading && grids.rows.length === 0 ? (
              <Spin />
            ) : tree.length === 0 ? (
              <Empty description={t('console.grid.empty')} />
            ) : (
              <Tree
                key={`${q}:${grids.rows.length}`}
                treeData={tree}
                defaultExpandedKeys={allKeys(tree)}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? null)}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          {selected ? (
            <Card
              title={
                <Space>
                  <Tag color="red">{labelOf(selected)}</Tag>
                  {selected.name}
                </Space>
              }
              extra={
                writable && (
                  <Space>
                    {/* the last named level takes no children: the server refuses them (too_deep) */}
                    {gridLevelFits(selected.level + 1, levelNames) && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => editor.create(selected)}>
                        {t('console.grid.addChild', { level: levelName(selected.level + 1) })}
                      </Button>
                    )}
                    <Button size="small" onClick={() => editor.edit(selected)}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove(selected)}>
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                )
              }
            >
              <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('console.grid.code')}>{selected.code ?? '-'}</Descriptions.Item>
                <Descriptions.Item label={t('console.grid.org')}>{selected.orgId ? (orgNames.get(selected.orgId) ?? '-') : '-'}</Descriptions.Item>
                <Descriptions.Item label={t('console.grid.parent')}>
                  {selected.parentId ? (grids.rows.find((g) => g.id === selected.parentId)?.name ?? '-') : t('console.grid.root')}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.createdAt')}>{fmtTime(selected.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('console.grid.description')} span={2}>
                  {selected.description ?? '-'}
                </Descriptions.Item>
              </Descriptions>
              <GridMembers grid={selected} writable={writable} onChange={() => void grids.reload()} />
            </Card>
          ) : (
            <Card>
              <Empty description={t('console.grid.pickOne')} />
            </Card>
          )}
        </Col>
      </Row>
      {editor.state && (
        <GridForm
          grids={grids.rows}
          orgs={orgs.rows}
          editing={editor.state.row}
          parent={editor.state.parent ?? null}
          levelName={levelName}
          onClose={editor.close}
          onDone={(g) => {
            setSelectedId(g.id);
            void grids.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
