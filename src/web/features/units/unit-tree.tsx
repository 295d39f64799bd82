import { useMemo } from 'react';
import { Empty, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildUnitForest, isValidOn, type TUnit, type UnitNode } from './api';

const KIND_COLOR: Record<TUnit['kind'], string> = {
  city: 'red',
  department: 'purple',
  district: 'gold',
  commune: 'blue',
  other: 'default',
};

/** Keeps the nodes that match q and their ancestors. */
function filterForest(nodes: UnitNode[], q: string): UnitNode[] {
  if (!q) return nodes;
  const needle = q.toLocaleLowerCase('vi');
  return nodes.flatMap((n) => {
    const children = filterForest(n.children, q);
    const hit = n.unit.name.toLocaleLowerCase('vi').includes(needle) || n.unit.code.toLocaleLowerCase('vi').includes(needle);
    return hit || children.length > 0 ? [{ ...n, children }] : [];
  });
}

interface Props {
  units: TUnit[];
  date: string;
  q: string;
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The unit tree from parentId links; units not valid on the date are greyed with their state. */
export function UnitTree({ units, date, q, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const forest = useMemo(() => filterForest(buildUnitForest(units), q.trim()), [units, q]);

  const toData = (n: UnitNode): TreeDataNode => {
    const u = n.unit;
    const valid = isValidOn(u, date);
    return {
      key: u.id,
      title: (
        <Space size={4} wrap data-testid={`unit-node-${u.code}`}>
          <Typography.Text type={valid ? undefined : 'secondary'} delete={!valid && u.validTo !== null && u.validTo < date}>
            {u.name}
          </Typography.Text>
          <Tag color={KIND_COLOR[u.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`units.kinds.${u.kind}`)}
          </Tag>
          {!valid && <Tag>{u.validFrom > date ? t('units.notYet') : t('units.dissolved')}</Tag>}
        </Space>
      ),
      children: n.children.map(toData),
    };
  };
  const treeData = forest.map(toData);
  // Open the roots (the city police shows its departments and district/ward police); everything when searching.
  const expanded = q.trim() ? units.map((u) => u.id) : forest.map((r) => r.key);

  if (treeData.length === 0) return <Empty />;
  return (
    <Tree
      key={`${date}|${q}|${units.length}`}
      blockNode
      showLine
      treeData={treeData}
      defaultExpandedKeys={expanded}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => keys[0] !== undefined && onSelect(String(keys[0]))}
      data-testid="unit-tree"
    />
  );
}
