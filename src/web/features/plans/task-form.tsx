import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { usePlanMutations } from './api';
import { DATE_FORMAT, toIso, UnitPicker, useSubmit } from './common';

interface TaskValues {
  title: string;
  description?: string;
  leadUnitId: string;
  cooperatingUnitIds?: string[];
  startOn?: Dayjs;
  dueOn?: Dayjs;
  priority: 'high' | 'normal' | 'low';
  weight: number;
}

const TASK_FIELDS = [
  'title',
  'description',
  'leadUnitId',
  'cooperatingUnitIds',
  'startOn',
  'dueOn',
  'priority',
  'weight',
] as const;

/** A new task of a group, or a subtask delegated from `parentId`. */
export function TaskFormModal({
  open,
  onClose,
  groupId,
  parentId,
}: {
  open: boolean;
  onClose: () => void;
  groupId?: string;
  parentId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TaskValues>();
  const { createTask } = usePlanMutations();
  const submit = useSubmit();
  const onOk = async () => {
    const v = await form.validateFields();
    const ok = await submit(form, TASK_FIELDS, () =>
      createTask.mutateAsync({
        groupId,
        parentId,
        body: {
          title: v.title,
          description: v.description ?? '',
          leadUnitId: v.leadUnitId,
          cooperatingUnitIds: v.cooperatingUnitIds ?? [],
          startOn: toIso(v.startOn),
          dueOn: toIso(v.dueOn),
          priority: v.priority,
          weight: v.weight,
        },
      }),
    );
    if (ok) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={parentId ? t('plans.delegate') : t('plans.newTask')}
      onCancel={onClose}
      onOk={onOk}
      okText={t('common.save')}
      confirmLoading={createTask.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'task-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal', weight: 1 }}>
        <Form.Item name="title" label={t('plans.taskTitle')} rules={[{ required: true }]}>
          <Input data-testid="task-title" maxLength={300} />
        </Form.Item>
        <Form.Item name="description" label={t('plans.description')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('plans.leadUnit')} rules={[{ required: true }]}>
          <UnitPicker testId="task-lead" />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label={t('plans.cooperatingUnits')}>
          <UnitPicker multiple />
        </Form.Item>
        <Form.Item
          name="startOn"
          label={t('plans.startOn')}
          style={{ display: 'inline-block', width: '48%', marginRight: '4%' }}
        >
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('plans.dueOn')} style={{ display: 'inline-block', width: '48%' }}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="task-due" />
        </Form.Item>
        <Form.Item
          name="priority"
          label={t('plans.priority')}
          style={{ display: 'inline-block', width: '48%', marginRight: '4%' }}
        >
          <Select
            options={(['high', 'normal', 'low'] as const).map((p) => ({ value: p, label: t(`plans.priorities.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="weight" label={t('plans.weight')} style={{ display: 'inline-block', width: '48%' }}>
          <InputNumber min={0.1} max={1000} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface GroupValues {
  code?: string;
  title: string;
  description?: string;
  breakthrough?: boolean;
  weight: number;
}

export function GroupFormModal({ open, onClose, planId }: { open: boolean; onClose: () => void; planId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GroupValues>();
  const { createGroup } = usePlanMutations();
  const submit = useSubmit();
  const onOk = async () => {
    const v = await form.validateFields();
    const ok = await submit(form, ['code', 'title', 'description', 'breakthrough', 'weight'], () =>
      createGroup.mutateAsync({
        planId,
        body: {
          code: v.code ?? '',
          title: v.title,
          description: v.description ?? '',
          breakthrough: Boolean(v.breakthrough),
          weight: v.weight,
        },
      }),
    );
    if (ok) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('plans.newGroup')}
      onCancel={onClose}
      onOk={onOk}
      okText={t('common.save')}
      confirmLoading={createGroup.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'group-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={{ weight: 1, breakthrough: true }}>
        <Form.Item name="code" label={t('plans.groupCode')}>
          <Input maxLength={20} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="title" label={t('plans.groupTitle')} rules={[{ required: true }]}>
          <Input data-testid="group-title" maxLength={300} />
        </Form.Item>
        <Form.Item name="description" label={t('plans.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="breakthrough" valuePropName="checked">
          <Checkbox>{t('plans.breakthrough')}</Checkbox>
        </Form.Item>
        <Form.Item name="weight" label={t('plans.weight')}>
          <InputNumber min={0.1} max={1000} step={0.5} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
