import { Select, type SelectProps } from 'antd';
import { foldDiacritics } from '@shared/text/vietnamese.ts';
import { useMe } from '../auth.tsx';
import { useCommunes } from './useCommunes.ts';

const searchKey = (s: string) => foldDiacritics(s).toLowerCase().replace(/\s+/g, ' ');

/** Whether a typed search matches a commune: name with or without diacritics, or code. */
export function communeMatches(input: string, name: string, code: string): boolean {
  const q = searchKey(input.trim());
  return !q || searchKey(name).includes(q) || code.includes(q);
}

/**
 * Picks a commune (or several with mode="multiple") among those the account may see, searchable
 * with or without diacritics ("dai phuc" finds "Xã Đại Phúc") and by code. Value: commune code(s).
 */
export function CommuneSelect(props: Omit<SelectProps<string | string[]>, 'options' | 'filterOption' | 'showSearch'>) {
  const me = useMe();
  const { communes } = useCommunes();
  const mine = (communes ?? []).filter((c) => me.communes === null || me.communes.includes(c.code));
  return (
    <Select<string | string[]>
      placeholder={me.communes === null ? 'Toàn tỉnh — chọn xã/phường' : 'Chọn xã/phường'}
      allowClear
      loading={!communes}
      style={{ minWidth: 240 }}
      {...props}
      showSearch={{
        filterOption: (input, option) => communeMatches(input, String(option?.label ?? ''), String(option?.value ?? '')),
      }}
      options={mine.map((c) => ({ value: c.code, label: c.name }))}
    />
  );
}
