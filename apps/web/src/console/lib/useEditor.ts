import { useState } from 'react';

/** Which record a create/edit modal is open for: null = closed, { row: null } = create, { row, parent } = edit or add child. */
export interface EditorState<T, P = unknown> {
  row: T | null;
  parent?: P | null;
}

/** State of a create/edit modal, mounted only while open so every opening starts from fresh values. */
export function useEditor<T, P = unknown>() {
  const [state, setState] = useState<EditorState<T, P> | null>(null);
  return {
    state,
    create: (parent?: P | null) => setState({ row: null, parent: parent ?? null }),
    edit: (row: T) => setState({ row }),
    close: () => setState(null),
  };
}
