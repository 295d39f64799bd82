import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy';

describe('checkPasswordPolicy', () => {
  it('should accept a password meeting every rule', () => {
    expect(checkPasswordPolicy('BinhAn@2026', 'admin')).toEqual([]);
  });
  it('should name every broken rule', () => {
    expect(checkPasswordPolicy('abc', 'x').map((f) => f.rule)).toEqual(['length', 'upper', 'digit']);
  });
  it('should refuse a password containing the username, whatever the case', () => {
    expect(checkPasswordPolicy('Lanhdao12345', 'lanhdao').map((f) => f.rule)).toEqual(['username']);
  });
  it('should count Vietnamese letters as upper and lower case', () => {
    expect(checkPasswordPolicy('ĐƯỜNGphố1234', 'u').map((f) => f.rule)).toEqual([]);
  });
});
