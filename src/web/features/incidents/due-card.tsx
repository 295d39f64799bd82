import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useIncidentCount } from './api';

const LIMIT = 50;

/** Home: crime reports due within 5 days and overdue, counted up to 50 ("50+"), each linking to the list. */
export function IncidentsDueCard() {
  const { t } = useTranslation();
  const soon = useIncidentCount({ kind: 'crime_report', dueWithinDays: '5' }, LIMIT);
  const overdue = useIncidentCount({ kind: 'crime_report', overdue: 'true' }, LIMIT);
  const lang = currentLanguage();
  const show = (c: typeof soon) => (c.data ? `${formatNumber(c.data.count, lang)}${c.data.full ? '+' : ''}` : '–');
  return (
    <Card title={t('incidents.homeCard')} size="small" style={{ marginBottom: 16 }} data-testid="home-incidents-due">
      <Row gutter={16}>
        <Col span={12}>
          <Link to="/incidents?kind=crime_report&dueWithinDays=5" data-testid="home-due-soon">
            <Statistic title={t('incidents.homeDueSoon')} value={show(soon)} loading={soon.isPending} styles={{ content: { color: '#d46b08' } }} />
          </Link>
        </Col>
        <Col span={12}>
          <Link to="/incidents?kind=crime_report&overdue=true" data-testid="home-overdue">
            <Statistic title={t('incidents.homeOverdue')} value={show(overdue)} loading={overdue.isPending} styles={{ content: { color: '#cf1322' } }} />
          </Link>
        </Col>
      </Row>
    </Card>
  );
}
