import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDay, formatNumber } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { useIncidentDueCounts } from './api';

/**
 * Home: the exact number of crime reports in the user's scope past their resolution due date and due within
 * 5 days, as of today; each links to the list filtered to exactly those reports, most days overdue first.
 */
export function IncidentsDueCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const counts = useIncidentDueCounts();
  const lang = currentLanguage();
  const d = counts.data;
  const show = (n: number | undefined) => (n === undefined ? '–' : formatNumber(n, lang));
  return (
    <Card
      title={t('incidents.homeCard')}
      extra={
        d && <Typography.Text type="secondary">{t('incidents.homeAsOf', { date: formatDay(d.asOf) })}</Typography.Text>
      }
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="home-incidents-due"
    >
      {counts.isError && <Alert type="error" showIcon title={errorText(counts.error)} style={{ marginBottom: 8 }} />}
      <Row gutter={16}>
        <Col span={12}>
          <Link
            to={`/incidents?${d?.dueSoon.listQuery ?? ''}`}
            data-testid="home-due-soon"
            data-count={d?.dueSoon.count}
          >
            <Statistic
              title={t('incidents.homeDueSoonDays', { count: d?.dueSoonDays ?? 5 })}
              value={show(d?.dueSoon.count)}
              loading={counts.isPending}
              styles={{ content: { color: '#d46b08' } }}
            />
          </Link>
        </Col>
        <Col span={12}>
          <Link
            to={`/incidents?${d?.overdue.listQuery ?? ''}`}
            data-testid="home-overdue"
            data-count={d?.overdue.count}
          >
            <Statistic
              title={t('incidents.homeOverdue')}
              value={show(d?.overdue.count)}
              loading={counts.isPending}
              styles={{ content: { color: '#cf1322' } }}
            />
          </Link>
        </Col>
      </Row>
    </Card>
  );
}
