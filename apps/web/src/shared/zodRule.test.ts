import { AllianceCreate, UnitCreate } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import { keptRule, zodRule } from './zodRule.ts';

const check = (rule: { validator: (r: unknown, v: unknown) => Promise<void> }, value: unknown) => rule.validator({}, value);
const refused = '名称或姓名中不能含有手机号或身份证号';

describe('zodRule', () => {
  it('flags a name holding a phone number, and leaves an empty one to `required`', async () => {
    await expect(check(zodRule(UnitCreate, 'name'), '城管中队13812345678')).rejects.toThrow(refused);
    await expect(check(zodRule(UnitCreate, 'name'), '城管中队')).resolves.toBeUndefined();
    await expect(check(zodRule(UnitCreate, 'name'), '')).resolves.toBeUndefined();
  });
});

describe('keptRule', () => {
  it('passes the name as loaded into the form, even one holding a number (stored before the rule)', async () => {
    await expect(check(keptRule(UnitCreate, 'contactName', '张三13812345678'), '张三13812345678')).resolves.toBeUndefined();
    // as the list shows it, masked
    await expect(check(keptRule(UnitCreate, 'name', '城管138****5678'), '城管138****5678')).resolves.toBeUndefined();
  });

  it('checks any other value with the create schema, as on create', async () => {
    await expect(check(keptRule(UnitCreate, 'contactName', '张三13812345678'), '李四13912345678')).rejects.toThrow(refused);
    await expect(check(keptRule(UnitCreate, 'name', '城管中队'), '城管中队13812345678')).rejects.toThrow(refused);
    await expect(check(keptRule(UnitCreate, 'name', '城管中队'), 'x'.repeat(65))).rejects.toThrow('内容过长');
    await expect(check(keptRule(UnitCreate, 'name', '城管中队'), '城管一中队')).resolves.toBeUndefined();
  });

  it('with nothing stored (a create, or an empty field) checks every value', async () => {
    await expect(check(keptRule(UnitCreate, 'contactName', null), '张三13812345678')).rejects.toThrow(refused);
    await expect(check(keptRule(UnitCreate, 'contactName', undefined), '张三13812345678')).rejects.toThrow(refused);
    await expect(check(keptRule(UnitCreate, 'contactName', null), '')).resolves.toBeUndefined();
  });

  it('in a list passes the loaded entries and checks the new ones and the bounds', async () => {
    const stored = ['社区', '网格13812345678'];
    const rule = keptRule(AllianceCreate, 'gridLevelNames', stored);
    await expect(check(rule, stored)).resolves.toBeUndefined();
    await expect(check(rule, ['网格13812345678', '社区', '商铺'])).resolves.toBeUndefined();
    await expect(check(rule, [...stored, '商铺13912345678'])).rejects.toThrow(refused);
    await expect(check(rule, [...stored, '1', '2', '3', '4', '5', '6', '7'])).rejects.toThrow();
  });
});
