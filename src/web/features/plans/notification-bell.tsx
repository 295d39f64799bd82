import { Badge, Button, Dropdown, Empty, Flex, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { formatDay } from '../../app/format';
import { usePlanMutations, useNotifications } from './api';

const KIND_COLOUR = {
  overdue: 'error',
  escalated: 'volcano',
  due_soon: 'warning',
  directive: 'blue',
  assigned: 'default',
} as const;

/** The header bell: notifications of plans and directives (computed on the server), with the unseen count. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const enabled = can('plans.read');
  const list = useNotifications(enabled);
  const { markSeen } = usePlanMutations();
  if (!enabled) return null;
  const items = list.data?.items ?? [];
  const unseen = items.filter((n) => !n.seen);
  return (
    <Dropdown
      trigger={['click']}
      popupRender={() => (
        <div
          style={{
            background: '#fff',
            borderRadius: 8,
            boxShadow: '0 6px 16px rgba(0,0,0,.12)',
            width: 380,
            maxHeight: 460,
            overflow: 'auto',
            padding: 8,
          }}
          data-testid="bell-panel"
        >
          <Flex justify="space-between" align="center" style={{ padding: '4px 8px' }}>
            <Typography.Text strong>{t('plans.bell.title')}</Typography.Text>
            {unseen.length > 0 && (
              <Button size="small" type="link" onClick={() => markSeen.mutate(unseen.map((n) => n.key))}>
                {t('plans.bell.markAll')}
              </Button>
            )}
          </Flex>
          {items.length === 0 && <Empty description={t('plans.bell.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          {items.map((n) => (
            <div
              key={n.key}
              role="button"
              tabIndex={0}
              style={{
                padding: '6px 8px',
                cursor: 'pointer',
                opacity: n.seen ? 0.6 : 1,
                borderTop: '1px solid #f0f0f0',
              }}
              onClick={() => {
                if (!n.seen) markSeen.mutate([n.key]);
                void navigate(n.entity === 'task' ? `/plans?tab=mine&task=${n.entityId}` : '/plans?tab=directives');
              }}
            >
              <Tag color={KIND_COLOUR[n.kind]}>{t(`plans.bell.kinds.${n.kind}`)}</Tag>
              <span>{n.title}</span>
              {n.dueOn && <Typography.Text type="secondary"> · {formatDay(n.dueOn)}</Typography.Text>}
            </div>
          ))}
        </div>
      )}
    >
      <Badge count={unseen.length} size="small" overflowCount={99}>
        <Button
          type="text"
          aria-label={t('plans.bell.title')}
          data-testid="bell"
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
        />
      </Badge>
    </Dropdown>
  );
}
