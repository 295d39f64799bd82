import { InputNumber, type InputNumberProps } from 'antd';

const group = (v: string | number | undefined): string => {
  if (v === undefined || v === '') return '';
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
};

/** A whole number with dots between thousands (1.234.567), as Vietnamese money is written. */
export function AmountInput(props: InputNumberProps<number>) {
  return (
    <InputNumber<number>
      min={0}
      precision={0}
      style={{ width: '100%' }}
      formatter={(v) => group(v)}
      parser={(v) => Number((v ?? '').replace(/[^\d]/g, '') || 0)}
      {...props}
    />
  );
}

/** A small count (people, vehicles). */
export function CountInput(props: InputNumberProps<number>) {
  return <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} {...props} />;
}
