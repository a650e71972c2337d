import { useCommunes } from './useCommunes.ts';

/** A commune shown by its name (the code only on hover): tables hold codes, people read names. */
export function CommuneName({ code }: { code: string | null | undefined }) {
  const { nameOf } = useCommunes();
  if (!code) return null;
  return <span title={`Mã ${code}`}>{nameOf(code)}</span>;
}
