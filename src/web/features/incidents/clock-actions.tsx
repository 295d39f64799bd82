import { useState, type ReactNode } from 'react';
import { Alert, App, Button, DatePicker, Form, Modal, Popconfirm, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SUSPENSION_REASONS, type SuspensionReason } from '../../../domain/law/legal-clock';
import { isApiError } from '../../app/api';
import { formatDay, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { DISPLAY, ISO } from '../areas/generation-picker';
import { useIncidentMutations, type TClockEvent, type TIncident } from './api';
import { applyServerErrors } from './form-errors';
import { useLabel } from './labels';
import { ArticleClauseFields } from './pickers';

export const CLOCK_STEPS = ['start_verification', 'extend', 'open_case', 'no_case', 'transfer', 'suspend', 'reopen'] as const;
type Step = (typeof CLOCK_STEPS)[number];

/** A refused write: the conflict gets its own sentence (reload), anything else the server's message. */
export function useWriteErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (err) => (isApiError(err, 'CONFLICT') ? t('incidents.conflict') : errorText(err));
}

/** One button per step the legal clock allows now (deadlines.allowed); steps with parameters open a modal. */
export function ClockActions({ incident }: { incident: TIncident }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const writeError = useWriteErrorText();
  const { clock } = useIncidentMutations(incident.id);
  const [open, setOpen] = useState<Step | null>(null);
  const allowed = new Set(incident.deadlines?.allowed ?? []);
  const steps = CLOCK_STEPS.filter((s) => allowed.has(s));
  if (steps.length === 0) return null;

  const run = async (body: TClockEvent) => {
    try {
      await clock.mutateAsync(body);
      void message.success(t('incidents.stepDone', { step: t(`incidents.steps.${body.type}`) }));
      return true;
    } catch (err) {
      void message.error(writeError(err));
      return false;
    }
  };

  return (
    <>
      <Space wrap data-testid="clock-actions">
        {steps.map((s) =>
          s === 'extend' || s === 'open_case' || s === 'suspend' ? (
            <Button key={s} type={s === 'open_case' ? 'primary' : 'default'} onClick={() => setOpen(s)} data-testid={`clock-${s}`}>
              {t(`incidents.steps.${s}`)}
            </Button>
          ) : (
            <Popconfirm
              key={s}
              title={t('incidents.stepConfirm', { step: t(`incidents.steps.${s}`), refNo: incident.refNo })}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              onConfirm={() => run({ type: s })}
              okButtonProps={{ 'data-testid': 'clock-confirm' }}
            >
              <Button loading={clock.isPending && clock.variables?.type === s} data-testid={`clock-${s}`}>
                {t(`incidents.steps.${s}`)}
              </Button>
            </Popconfirm>
          ),
        )}
      </Space>
      {open === 'extend' && <ExtendModal incident={incident} onClose={() => setOpen(null)} />}
      {open === 'open_case' && <OpenCaseModal incident={incident} onClose={() => setOpen(null)} />}
      {open === 'suspend' && <SuspendModal incident={incident} onClose={() => setOpen(null)} />}
    </>
  );
}

interface ModalProps {
  incident: TIncident;
  onClose: () => void;
}

/** A modal form posting one clock step; field errors land on the fields, refusals show in the modal. */
function StepModal<V extends object>({
  incident,
  onClose,
  step,
  initialValues,
  toBody,
  children,
  fieldNames,
}: ModalProps & {
  step: Step;
  initialValues: Partial<V>;
  toBody: (v: V) => TClockEvent;
  children: ReactNode;
  fieldNames: string[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const writeError = useWriteErrorText();
  const { clock } = useIncidentMutations(incident.id);
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: V) => {
    setError(null);
    try {
      await clock.mutateAsync(toBody(v));
      void message.success(t('incidents.stepDone', { step: t(`incidents.steps.${step}`) }));
      onClose();
    } catch (err) {
      const unmatched = applyServerErrors(form, err, fieldNames, currentLanguage());
      if (unmatched === null || unmatched.length > 0) setError([writeError(err), ...(unmatched ?? [])].join(' — '));
    }
  };

  return (
    <Modal
      open
      title={`${t(`incidents.steps.${step}`)} — ${incident.refNo}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={clock.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'clock-modal-submit' }}
    >
      <Form<V> form={form} layout="vertical" initialValues={initialValues as V} onFinish={(v) => void submit(v)} data-testid={`clock-modal-${step}`}>
        {children}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="clock-modal-error" />}
    </Modal>
  );
}

function ExtendModal({ incident, onClose }: ModalProps) {
  const { t } = useTranslation();
  const d = incident.deadlines;
  return (
    <StepModal<{ by: 'investigating_body' | 'procuracy'; until: Dayjs }>
      incident={incident}
      onClose={onClose}
      step="extend"
      initialValues={{ by: 'investigating_body' }}
      fieldNames={['by', 'until']}
      toBody={(v) => ({ type: 'extend', by: v.by, until: v.until.format(ISO) })}
    >
      <Form.Item name="by" label={t('incidents.extendBy')} rules={[{ required: true, message: t('incidents.required') }]}>
        <Radio.Group
          options={(['investigating_body', 'procuracy'] as const).map((b) => ({ value: b, label: t(`incidents.extendByOptions.${b}`) }))}
          data-testid="extend-by"
        />
      </Form.Item>
      <Form.Item
        name="until"
        label={t('incidents.extendUntil')}
        rules={[{ required: true, message: t('incidents.required') }]}
        extra={d?.absoluteLimit ? `${t('incidents.deadlines.absoluteLimit')}: ${formatDay(d.absoluteLimit)}` : undefined}
      >
        <DatePicker format={DISPLAY} style={{ width: '100%' }} disabledDate={(day) => day.isBefore(dayjs(todayIso()), 'day')} data-testid="extend-until" />
      </Form.Item>
    </StepModal>
  );
}

function OpenCaseModal({ incident, onClose }: ModalProps) {
  const { t } = useTranslation();
  return (
    <StepModal<{ article: string; clause: number }>
      incident={incident}
      onClose={onClose}
      step="open_case"
      initialValues={{ article: incident.article ?? undefined, clause: incident.clause ?? undefined }}
      fieldNames={['article', 'clause']}
      toBody={(v) => ({ type: 'open_case', article: v.article, clause: v.clause })}
    >
      <Typography.Paragraph type="secondary">{t('incidents.openCaseHint')}</Typography.Paragraph>
      <ArticleClauseFields date={incident.occurredOn} required label={t('incidents.articleClause')} />
    </StepModal>
  );
}

function SuspendModal({ incident, onClose }: ModalProps) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <StepModal<{ reason: SuspensionReason }>
      incident={incident}
      onClose={onClose}
      step="suspend"
      initialValues={{}}
      fieldNames={['reason']}
      toBody={(v) => ({ type: 'suspend', reason: v.reason })}
    >
      <Form.Item name="reason" label={t('incidents.suspendReason')} rules={[{ required: true, message: t('incidents.required') }]}>
        <Select
          options={Object.entries(SUSPENSION_REASONS).map(([value, l]) => ({ value, label: label(l) }))}
          popupMatchSelectWidth={false}
          data-testid="suspend-reason"
        />
      </Form.Item>
    </StepModal>
  );
}

/** "Điều tra làm rõ" of a criminal case: mark cleared on a date, or take the mark back. */
export function ClearAction({ incident }: { incident: TIncident }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const writeError = useWriteErrorText();
  const { clear } = useIncidentMutations(incident.id);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ clearedOn: Dayjs }>();
  const [error, setError] = useState<string | null>(null);

  const send = async (cleared: boolean, clearedOn: string | null) => {
    setError(null);
    try {
      await clear.mutateAsync({ version: incident.version, cleared, clearedOn });
      void message.success(cleared ? t('incidents.clearedOk') : t('incidents.saved'));
      setOpen(false);
    } catch (err) {
      const text = writeError(err);
      if (open) setError(text);
      else void message.error(text);
    }
  };

  if (incident.cleared) {
    return (
      <Popconfirm title={`${t('incidents.unmarkCleared')}?`} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => send(false, null)}>
        <Button loading={clear.isPending} data-testid="incident-unclear">
          {t('incidents.unmarkCleared')}
        </Button>
      </Popconfirm>
    );
  }
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="incident-clear">
        {t('incidents.markCleared')}
      </Button>
      <Modal
        open={open}
        title={`${t('incidents.markCleared')} — ${incident.refNo}`}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={clear.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'clear-submit' }}
      >
        <Form form={form} layout="vertical" initialValues={{ clearedOn: dayjs(todayIso()) }} onFinish={(v) => void send(true, v.clearedOn.format(ISO))}>
          <Form.Item name="clearedOn" label={t('incidents.clearDate')} rules={[{ required: true, message: t('incidents.required') }]}>
            <DatePicker
              format={DISPLAY}
              style={{ width: '100%' }}
              disabledDate={(day) => day.isAfter(dayjs(todayIso()), 'day') || day.isBefore(dayjs(incident.occurredOn), 'day')}
              data-testid="clear-date"
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
