import { Tag } from 'antd';
import {
  EVENT_LEVEL_LABELS,
  EVENT_STATUS_LABELS,
  EVENT_TYPE_LABELS,
  type EventLevel,
  type EventStatus,
  type EventType,
} from '../../../domain/events/model';
import { useLabel } from '../incidents/labels';

export const LEVEL_COLOURS: Record<EventLevel, string> = {
  especially_important: 'red',
  important: 'orange',
  ordinary: 'blue',
};
export const STATUS_COLOURS: Record<EventStatus, string> = {
  draft: 'default',
  planned: 'geekblue',
  approved: 'cyan',
  active: 'green',
  closed: 'purple',
  cancelled: 'default',
};

export function LevelTag({ level }: { level: EventLevel }) {
  const label = useLabel();
  return <Tag color={LEVEL_COLOURS[level]}>{label(EVENT_LEVEL_LABELS[level])}</Tag>;
}

export function StatusTag({ status }: { status: EventStatus }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="event-status">
      {label(EVENT_STATUS_LABELS[status])}
    </Tag>
  );
}

export function TypeText({ type }: { type: EventType }) {
  const label = useLabel();
  return <>{label(EVENT_TYPE_LABELS[type])}</>;
}
