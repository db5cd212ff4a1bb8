import type { ReactNode } from 'react';

/**
 * A label with antd-mobile's required asterisk, for a Form.Item that holds no form field of its own (a photo list, a
 * date picked in a popup): antd-mobile draws the mark only for items with a `name`, and ignores `required` otherwise.
 */
export function RequiredLabel({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <span className="adm-form-item-required-asterisk">*</span>
    </>
  );
}
