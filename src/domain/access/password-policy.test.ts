import { describe, expect, it } from 'vitest';
import commonPasswords from '../../../data/passwords/common-passwords.json';
import { checkPasswordPolicy } from './password-policy';

const rules = (password: string, username = 'someone') => checkPasswordPolicy(password, username).map((f) => f.rule);

describe('checkPasswordPolicy', () => {
  it('should accept long passwords and passphrases without character-class rules', () => {
    for (const p of ['correct horse battery staple', 'con mèo nhà tôi rất lười', 'Xk9#mQ2$2026', 'Tr0ub4dor&3xQ', 'ĐƯỜNGphố1234'])
      expect(rules(p), p).toEqual([]);
  });

  it('should measure length first, without padding spaces, and refuse control characters and NUL bytes', () => {
    expect(rules('Xk9#mQ2$202')).toEqual(['length']);
    expect(rules('Aa1         ')).toContain('length');
    expect(rules('            ')).toContain('length');
    expect(rules('Xk9#   mQ2$2026')).toEqual([]);
    expect(rules(`Aa1${'\u0000'.repeat(9)}`)).toContain('control');
    expect(rules('Xk9#mQ2$2026\n')).toEqual(['control']);
    expect(rules('Xk9#\tmQ2$2026')).toEqual(['control']);
  });

  it('should refuse the common passwords of the issue and dressed-up common words', () => {
    for (const p of ['Password123', 'Password123!', 'P@ssw0rd2026!', 'Matkhau@2026', 'Mật khẩu 2026!', 'BinhAn@2026!!', 'BinhAnBinhAn1', '2026Password', '@dmin20262026'])
      expect(rules(p), p).toContain('common');
  });

  it('should refuse sequences, keyboard runs, repeats and digits only', () => {
    for (const p of ['Qwerty123456', 'abcdefghijkl', 'aaaaaaaaaaaa', '1q2w3e4r5t6y', 'Ab1!Ab1!Ab1!', '098765432112', 'qazwsxedc!Kq', '987654321zyx'])
      expect(rules(p), p).toContain('pattern');
  });

  it('should refuse the username or a part of it, whatever the case and diacritics', () => {
    expect(rules('Lanhdao#83kq29', 'lanhdao')).toEqual(['username']);
    expect(rules('Badinh#83kq29', 'canbo.badinh')).toEqual(['username']);
  });

  it('should keep the shipped list in the form the check compares (lower case, ASCII letters, no separators)', () => {
    expect(commonPasswords.length).toBeGreaterThan(700);
    for (const w of commonPasswords) expect(w).toMatch(/^[a-z0-9]+$/);
  });
});
