import type { ReactNode } from 'react';

export interface TreeRow {
  id: string;
  parentId: string | null;
  sortOrder?: number;
  name: string;
}

export interface TreeNode<T> {
  key: string;
  value: string;
  title: ReactNode;
  label: string;
  row: T;
  children?: TreeNode<T>[];
}

/** Builds a tree from flat rows by parentId; rows whose parent is not visible (data scope) become roots. */
export function buildTree<T extends TreeRow>(rows: T[], title?: (r: T) => ReactNode): TreeNode<T>[] {
  const ids = new Set(rows.map((r) => r.id));
  const byParent = new Map<string, T[]>();
  for (const r of rows) {
    const p = r.parentId && ids.has(r.parentId) ? r.parentId : '';
    const list = byParent.get(p) ?? [];
    list.push(r);
    byParent.set(p, list);
  }
  const make = (parent: string, seen: Set<string>): TreeNode<T>[] =>
    (byParent.get(parent) ?? [])
      .slice()
      .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))
      .filter((r) => !seen.has(r.id))
      .map((r) => {
        const children = make(r.id, new Set([...seen, r.id]));
        const node: TreeNode<T> = { key: r.id, value: r.id, title: title ? title(r) : r.name, label: r.name, row: r };
        if (children.length > 0) node.children = children;
        return node;
      });
  return make('', new Set());
}

/** Every key of a tree (to expand it all). */
export function allKeys<T>(nodes: TreeNode<T>[]): string[] {
  return nodes.flatMap((n) => [n.key, ...allKeys(n.children ?? [])]);
}
