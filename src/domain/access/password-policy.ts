export interface PolicyFailure {
  rule: 'length' | 'upper' | 'lower' | 'digit' | 'username' | 'max_length';
  vi: string;
  en: string;
}

export const PASSWORD_MIN_LENGTH = 10;

/** The password policy: every rule that the candidate breaks (empty when it passes). */
export function checkPasswordPolicy(password: string, username: string): PolicyFailure[] {
  const out: PolicyFailure[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH)
    out.push({
      rule: 'length',
      vi: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự`,
      en: `At least ${PASSWORD_MIN_LENGTH} characters`,
    });
  if (password.length > 256) out.push({ rule: 'max_length', vi: 'Mật khẩu quá dài', en: 'Password too long' });
  if (!/\p{Lu}/u.test(password)) out.push({ rule: 'upper', vi: 'Cần ít nhất một chữ hoa', en: 'At least one upper-case letter' });
  if (!/\p{Ll}/u.test(password)) out.push({ rule: 'lower', vi: 'Cần ít nhất một chữ thường', en: 'At least one lower-case letter' });
  if (!/\p{Nd}/u.test(password)) out.push({ rule: 'digit', vi: 'Cần ít nhất một chữ số', en: 'At least one digit' });
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    out.push({ rule: 'username', vi: 'Mật khẩu không được chứa tên đăng nhập', en: 'Must not contain the username' });
  return out;
}
