import { useState } from 'react';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Space,
  Spin,
  Typography,
  Upload,
} from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay } from '../../app/format';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../contracts/plans';
import { download, usePlanMutations, useTask } from './api';
import { DATE_FORMAT, ProgressBar, TaskStatusTag, toIso, useSubmit } from './common';
import { TaskFormModal } from './task-form';

interface ReportValues {
  reportedOn: Dayjs;
  percent?: number | null;
  note?: string;
}

async function toBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}

/** One task: details, status steps, progress reports (with an attachment), delegated subtasks. */
export function TaskDrawer({
  taskId,
  onClose,
  onOpenTask,
}: {
  taskId: string | null;
  onClose: () => void;
  onOpenTask: (id: string) => void;
}) {
  const { t } = useTranslation();
  const task = useTask(taskId);
  const { changeStatus, report } = usePlanMutations();
  const submit = useSubmit();
  const [form] = Form.useForm<ReportValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [delegating, setDelegating] = useState(false);
  const d = task.data;

  const onReport = async () => {
    if (!d) return;
    const v = await form.validateFields();
    const attachment = file
      ? { name: file.name, type: file.type as (typeof ATTACHMENT_TYPES)[number], base64: await toBase64(file) }
      : null;
    const ok = await submit(form, ['reportedOn', 'percent', 'note', 'attachment'], () =>
      report.mutateAsync({
        id: d.task.id,
        body: { reportedOn: toIso(v.reportedOn)!, percent: v.percent ?? null, note: v.note ?? '', attachment },
      }),
    );
    if (ok) {
      form.resetFields();
      setFile(null);
    }
  };

  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={640}
      title={d?.task.title ?? t('plans.task')}
      data-testid="task-drawer"
      destroyOnHidden
    >
      {task.isPending && <Spin />}
      {d && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('plans.group')}>{d.groupTitle}</Descriptions.Item>
            <Descriptions.Item label={t('plans.leadUnit')}>{d.task.leadUnit.name}</Descriptions.Item>
            {d.task.cooperatingUnits.length > 0 && (
              <Descriptions.Item label={t('plans.cooperatingUnits')}>
                {d.task.cooperatingUnits.map((u) => u.name).join(', ')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('plans.dueOn')}>
              {formatDay(d.task.startOn)}
              {d.task.startOn ? ' → ' : ''}
              {formatDay(d.task.dueOn)}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.status')}>
              <TaskStatusTag status={d.task.status} overdue={d.task.overdue} />
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.progress')}>
              <ProgressBar value={d.task.progress} />
            </Descriptions.Item>
            {d.task.description && (
              <Descriptions.Item label={t('plans.description')}>{d.task.description}</Descriptions.Item>
            )}
          </Descriptions>

          {d.task.allowed.length > 0 && (
            <Space wrap>
              <Typography.Text>{t('plans.changeStatus')}:</Typography.Text>
              {d.task.allowed.map((s) => (
                <Button
                  key={s}
                  size="small"
                  data-testid={`status-${s}`}
                  loading={changeStatus.isPending}
                  onClick={() => void changeStatus.mutateAsync({ id: d.task.id, status: s })}
                >
                  {t(`plans.statuses.${s}`)}
                </Button>
              ))}
            </Space>
          )}

          {d.task.canReport && d.task.status !== 'done' && d.task.status !== 'cancelled' && (
            <Form form={form} layout="vertical" initialValues={{ reportedOn: dayjs() }} data-testid="report-form">
              <Typography.Title level={5}>{t('plans.report')}</Typography.Title>
              <Space wrap align="start">
                <Form.Item name="reportedOn" label={t('plans.reportedOn')} rules={[{ required: true }]}>
                  <DatePicker format={DATE_FORMAT} disabledDate={(x) => x.isAfter(dayjs(), 'day')} />
                </Form.Item>
                <Form.Item name="percent" label={t('plans.percent')}>
                  <InputNumber min={0} max={100} suffix="%" data-testid="report-percent" />
                </Form.Item>
              </Space>
              <Form.Item name="note" label={t('plans.note')}>
                <Input.TextArea rows={2} maxLength={5000} data-testid="report-note" />
              </Form.Item>
              <Form.Item
                label={t('plans.attachment')}
                validateStatus={fileError ? 'error' : undefined}
                help={fileError}
              >
                <Upload
                  maxCount={1}
                  accept={ATTACHMENT_TYPES.join(',')}
                  beforeUpload={(f) => {
                    if (f.size > ATTACHMENT_MAX_BYTES) setFileError(t('plans.fileTooBig'));
                    else if (!(ATTACHMENT_TYPES as readonly string[]).includes(f.type))
                      setFileError(t('plans.fileType'));
                    else {
                      setFileError(null);
                      setFile(f);
                    }
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: '1', name: file.name }] : []}
                >
                  <Button icon={<UploadOutlined />}>{t('plans.chooseFile')}</Button>
                </Upload>
              </Form.Item>
              <Button
                type="primary"
                onClick={() => void onReport()}
                loading={report.isPending}
                data-testid="report-submit"
              >
                {t('plans.report')}
              </Button>
            </Form>
          )}

          <div>
            <Typography.Title level={5}>{t('plans.subtasks')}</Typography.Title>
            {d.subtasks.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={d.subtasks}
                renderItem={(s) => (
                  <List.Item
                    onClick={() => onOpenTask(s.id)}
                    style={{ cursor: 'pointer', paddingLeft: 8 + 16 * (s.depth - 1) }}
                  >
                    <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                      <span>
                        {s.title} — {s.leadUnit.name}
                      </span>
                      <ProgressBar value={s.progress} />
                    </Flex>
                  </List.Item>
                )}
              />
            )}
            {d.canDelegate && (
              <Button style={{ marginTop: 8 }} onClick={() => setDelegating(true)} data-testid="delegate">
                {t('plans.delegate')}
              </Button>
            )}
          </div>

          <div>
            <Typography.Title level={5}>{t('plans.reports')}</Typography.Title>
            {d.progress.length === 0 ? (
              <Empty description={t('plans.noReports')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <List
                size="small"
                dataSource={d.progress}
                data-testid="report-list"
                renderItem={(r) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space>
                          <span>{formatDay(r.reportedOn)}</span>
                          {r.percent !== null && <strong>{r.percent}%</strong>}
                          <Typography.Text type="secondary">
                            {r.authorName}
                            {r.unitName ? ` · ${r.unitName}` : ''}
                          </Typography.Text>
                        </Space>
                      }
                      description={
                        <>
                          {r.note}
                          {r.attachment && (
                            <div>
                              <Button
                                type="link"
                                size="small"
                                icon={<PaperClipOutlined />}
                                onClick={() =>
                                  void download(`/api/plans/progress/${r.id}/attachment`, r.attachment!.name)
                                }
                              >
                                {r.attachment.name}
                              </Button>
                            </div>
                          )}
                          <div style={{ fontSize: 12, color: '#999' }}>{formatDateTime(r.createdAt)}</div>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </div>
          {task.error && <Alert type="error" title={String(task.error)} />}
        </Flex>
      )}
      <TaskFormModal open={delegating} onClose={() => setDelegating(false)} parentId={d?.task.id} />
    </Drawer>
  );
}
