/** Shared UI pieces for every page. Charts: import './Chart.tsx' directly (keeps ECharts out of other chunks). */
export * from './format.ts';
export { PersonalDataNotice } from './PersonalDataNotice.tsx';
export { PageHeader, type PageHeaderProps } from './PageHeader.tsx';
export { ErrorState, EmptyState, Loading, AsyncContent } from './States.tsx';
export { DataTable, showTotalVi, type DataTableProps } from './DataTable.tsx';
export { useApi, type ApiState } from './useApi.ts';
export { useCommunes, loadCommunes, type Commune } from './useCommunes.ts';
export { CommuneSelect, communeMatches } from './CommuneSelect.tsx';
export { NumberInput, NumberFormItem, InvalidNumber, validNumberRule, type NumberInputValue, type NumberInputProps } from './NumberInput.tsx';
export { CommuneName } from './CommuneName.tsx';
