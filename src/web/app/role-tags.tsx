import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRole } from '../../domain/access/roles';

const ROLE_COLORS: Record<TRole, string> = {
  administrator: 'red',
  commander: 'gold',
  analyst: 'purple',
  officer: 'blue',
  event_officer: 'cyan',
  portal_moderator: 'green',
  viewer: 'default',
};

export function RoleTags({ roles }: { roles: readonly TRole[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r]} style={{ marginBlock: 2 }}>
          {t(`roles.${r}`)}
        </Tag>
      ))}
    </>
  );
}
