import type { Grid } from '@tongxin/domain';

export interface GridTree {
  byId: Map<string, Grid>;
  children: Map<string, Grid[]>;
  /** grids whose parent is out of reach: the top of the user's scope */
  roots: Grid[];
}

// by sortOrder; equal ones keep the server's order (sort is stable)
const order = (a: Grid, b: Grid) => a.sortOrder - b.sortOrder;

/** Builds the tree from GET /grids/tree (a flat list, as `{items}` or a bare array). */
export function buildGridTree(data: { items: Grid[] } | Grid[] | undefined): GridTree {
  const list = Array.isArray(data) ? data : (data?.items ?? []);
  const byId = new Map(list.map((g) => [g.id, g]));
  const children = new Map<string, Grid[]>();
  const roots: Grid[] = [];
  for (const g of list) {
    if (g.parentId && byId.has(g.parentId)) {
      const siblings = children.get(g.parentId) ?? [];
      siblings.push(g);
      children.set(g.parentId, siblings);
    } else roots.push(g);
  }
  for (const siblings of children.values()) siblings.sort(order);
  roots.sort(order);
  return { byId, children, roots };
}

/** The level name of a grid: the server's, else the alliance's configured names (社区—网格—企业—商铺). */
export function levelNameOf(g: Grid, names: readonly string[]): string {
  return g.levelName || names[Math.max(0, g.level - 1)] || '';
}

/** Number of grids below one, at any depth. */
export function descendantCount(tree: GridTree, id: string): number {
  let n = 0;
  for (const c of tree.children.get(id) ?? []) n += 1 + descendantCount(tree, c.id);
  return n;
}
