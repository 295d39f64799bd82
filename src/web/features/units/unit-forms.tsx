import { useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select, Switch, TreeSelect, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ZUnitKind } from '../../../contracts/units';
import { isApiError } from '../../app/api';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { useAreaSearch } from '../areas/api';
import { DISPLAY, ISO } from '../areas/generation-picker';
import { buildUnitForest, useUnitList, useUnitMutations, type TUnit, type TUnitDetail, type TUnitKind, type UnitNode } from './api';

/** Puts the server's field errors (path body.<name>) on the form's fields; false when none matched. */
function useServerErrors<V extends object>(form: FormInstance<V>, names: (keyof V & string)[]) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (err: unknown) => {
    if (isApiError(err, 'VALIDATION_FAILED')) {
      const lang = currentLanguage();
      const fields = err.fields.flatMap((f) => {
        const name = names.find((n) => f.path === `body.${n}` || f.path.startsWith(`body.${n}.`));
        return name ? [{ name, errors: [lang === 'en' ? f.en : f.vi] }] : [];
      });
      if (fields.length > 0) {
        form.setFields(fields as Parameters<FormInstance<V>['setFields']>[0]);
        return;
      }
    }
    void message.error(errorText(err));
  };
}

const day = (d: Dayjs | null | undefined): string | null => (d ? d.format(ISO) : null);

/** "Valid to" must not be before "valid from". */
function useValidToRule(t: (k: 'units.validToBeforeFrom') => string) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async (_: unknown, value: Dayjs | null | undefined) => {
      const from = getFieldValue('validFrom') as Dayjs | null | undefined;
      if (value && from && value.isBefore(from, 'day')) throw new Error(t('units.validToBeforeFrom'));
    },
  });
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}
const toTreeOptions = (nodes: UnitNode[]): TreeOption[] =>
  nodes.map((n) => ({ value: n.unit.id, title: `${n.unit.name} (${n.unit.code})`, children: toTreeOptions(n.children) }));

interface CreateValues {
  code: string;
  name: string;
  kind: TUnitKind;
  parentId: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  cityWide?: boolean;
  predecessorIds?: string[];
}

/** "Thêm đơn vị": the parent is chosen among the units valid on the page's date; predecessors among all. */
export function CreateUnitModal({ date, onClose, onCreated }: { date: Dayjs; onClose: () => void; onCreated: (u: TUnit) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const validFrom = Form.useWatch('validFrom', form) ?? date;
  const parents = useUnitList(validFrom.format(ISO));
  const all = useUnitList(undefined);
  const { create } = useUnitMutations();
  const showError = useServerErrors(form, ['code', 'name', 'kind', 'parentId', 'validFrom', 'validTo', 'cityWide', 'predecessorIds']);
  const validToRule = useValidToRule(t);

  const submit = async (v: CreateValues) => {
    try {
      const unit = await create.mutateAsync({
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        parentId: v.parentId,
        validFrom: v.validFrom.format(ISO),
        validTo: day(v.validTo),
        cityWide: v.cityWide ?? false,
        predecessorIds: v.predecessorIds ?? [],
      });
      void message.success(t('units.created'));
      onCreated(unit);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Modal
      open
      title={t('units.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-form-submit' }}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ validFrom: date, kind: 'commune', cityWide: false, predecessorIds: [] }}
        onFinish={(v) => void submit(v)}
        data-testid="unit-form"
      >
        <Form.Item
          name="code"
          label={t('units.code')}
          extra={t('units.codeRule')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{1,40}$/, message: t('units.codeRule') }]}
        >
          <Input autoComplete="off" data-testid="unit-form-code" />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('units.required') }]}>
          <Input data-testid="unit-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('units.required') }]}>
          <Select options={ZUnitKind.options.map((k) => ({ value: k, label: t(`units.kinds.${k}`) }))} data-testid="unit-form-kind" />
        </Form.Item>
        <Form.Item name="parentId" label={t('units.parent')} rules={[{ required: true, message: t('units.required') }]}>
          <TreeSelect
            loading={parents.isPending}
            treeData={toTreeOptions(buildUnitForest(parents.data?.items ?? []))}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandedKeys={(parents.data?.items ?? []).filter((u) => u.parentId === null).map((u) => u.id)}
            data-testid="unit-form-parent"
          />
        </Form.Item>
        <Form.Item name="validFrom" label={t('units.validFrom')} rules={[{ required: true, message: t('units.required') }]}>
          <DatePicker format={DISPLAY} allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="validTo" label={t('units.validTo')} dependencies={['validFrom']} rules={[validToRule]}>
          <DatePicker format={DISPLAY} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cityWide" label={t('units.cityWide')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="predecessorIds" label={t('units.predecessors')}>
          <Select
            mode="multiple"
            loading={all.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(all.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  name: string;
  validTo?: Dayjs | null;
  cityWide: boolean;
}

/** "Sửa": name, end of validity, city-wide jurisdiction. */
export function EditUnitModal({ detail, onClose }: { detail: TUnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const { update } = useUnitMutations();
  const showError = useServerErrors(form, ['name', 'validTo', 'cityWide']);
  const { unit } = detail;
  const validFrom = unit.validFrom;

  const submit = async (v: EditValues) => {
    try {
      await update.mutateAsync({ id: unit.id, body: { name: v.name.trim(), validTo: day(v.validTo), cityWide: v.cityWide } });
      void message.success(t('units.updated'));
      onClose();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Modal
      open
      title={t('units.editTitle', { name: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-edit-submit' }}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: unit.name, validTo: unit.validTo ? dayjs(unit.validTo, ISO) : null, cityWide: unit.cityWide }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, max: 200, message: t('units.required') }]}>
          <Input data-testid="unit-edit-name" />
        </Form.Item>
        <Form.Item
          name="validTo"
          label={t('units.validTo')}
          rules={[
            {
              validator: async (_: unknown, value: Dayjs | null | undefined) => {
                if (value && value.format(ISO) < validFrom) throw new Error(t('units.validToBeforeFrom'));
              },
            },
          ]}
        >
          <DatePicker format={DISPLAY} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cityWide" label={t('units.cityWide')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface JurisdictionValues {
  areaCode: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
}

/** "Thêm địa bàn quản lý": the area is searched in the generation valid on "valid from". */
export function AddJurisdictionModal({ detail, date, onClose }: { detail: TUnitDetail; date: Dayjs; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<JurisdictionValues>();
  const [q, setQ] = useState('');
  const validFrom = Form.useWatch('validFrom', form) ?? date;
  const areaDate = validFrom.format(ISO);
  const areas = useAreaSearch(q, areaDate);
  const { addJurisdiction } = useUnitMutations();
  const showError = useServerErrors(form, ['areaCode', 'validFrom', 'validTo']);
  const validToRule = useValidToRule(t);

  const submit = async (v: JurisdictionValues) => {
    try {
      await addJurisdiction.mutateAsync({
        id: detail.unit.id,
        body: { areaCode: v.areaCode, areaDate: v.validFrom.format(ISO), validFrom: v.validFrom.format(ISO), validTo: day(v.validTo) },
      });
      void message.success(t('units.jurisdictionAdded'));
      onClose();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Modal
      open
      title={`${t('units.addJurisdiction')} — ${detail.unit.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={addJurisdiction.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'jurisdiction-submit' }}
    >
      <Form<JurisdictionValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ validFrom: date }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="validFrom" label={t('units.validFrom')} rules={[{ required: true, message: t('units.required') }]}>
          <DatePicker format={DISPLAY} allowClear={false} style={{ width: '100%' }} onChange={() => form.setFieldValue('areaCode', undefined)} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('units.area')} rules={[{ required: true, message: t('units.required') }]} extra={t('units.areaDateHint')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('units.areaSearch')}
            loading={areas.isFetching}
            notFoundContent={q ? undefined : null}
            options={(areas.data?.items ?? []).map((a) => ({ value: a.code, label: `${a.fullName} (${a.code})` }))}
            data-testid="jurisdiction-area"
          />
        </Form.Item>
        <Form.Item name="validTo" label={t('units.validTo')} dependencies={['validFrom']} rules={[validToRule]}>
          <DatePicker format={DISPLAY} style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text type="secondary">{detail.unit.code}</Typography.Text>
      </Form>
    </Modal>
  );
}
