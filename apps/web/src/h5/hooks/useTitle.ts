import { useEffect } from 'react';

/** Sets document.title: WeChat's in-app browser shows it in its top bar. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
