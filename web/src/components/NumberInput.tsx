/**
 * The one numeric input of the product. It keeps exactly what the user typed (no formatter/parser pair rewriting the
 * text under the caret), shows the value grouped as 1.234.567 once the field is left, and refuses — with a
 * Vietnamese reason — what is not a number, a sign where the field takes none, and decimals where it takes none.
 * The rules are those of parseViNumber (shared/format.ts).
 */
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Form, Input, Typography, type FormItemProps } from 'antd';
import { formatDecimal, parseViNumber, viNumberHint, type ViNumberRules } from '@shared/format.ts';

/** What the field holds while its text is not a valid number: the form refuses it (see NumberFormItem). */
export class InvalidNumber {
  constructor(readonly text: string, readonly message: string) {}
}
export type NumberInputValue = number | null | InvalidNumber;

export interface NumberInputProps extends ViNumberRules {
  value?: NumberInputValue;
  onChange?: (value: NumberInputValue) => void;
  /** Accessible name (and the prefix of the message when the input stands alone). */
  label?: string;
  /** Shown after the field ('đ', '%'); may also be typed after the number. */
  addonAfter?: ReactNode;
  /** Group thousands when shown (default); off for years. */
  grouping?: boolean;
  /** The field shows its own message under it; off inside NumberFormItem, whose Form.Item shows it. */
  showError?: boolean;
  id?: string;
  size?: 'small' | 'middle' | 'large';
  style?: CSSProperties;
  disabled?: boolean;
  placeholder?: string;
  onBlur?: () => void;
}

const shown = (value: NumberInputValue | undefined, decimals: number, grouping = true) =>
  value instanceof InvalidNumber ? value.text : value == null ? '' : grouping ? formatDecimal(value, decimals) : formatDecimal(value, decimals).replace(/\./g, '');

export function NumberInput({ value, onChange, label, addonAfter, grouping = true, showError = true, id, size, style, disabled, placeholder, onBlur, ...rules }: NumberInputProps) {
  const decimals = rules.decimals ?? 0;
  const [text, setText] = useState(() => shown(value, decimals, grouping));
  // The value this input last reported: any other value comes from outside (reset, a proposal applied) and is shown.
  const reported = useRef<NumberInputValue | undefined>(value);
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(shown(value, decimals, grouping));
    }
  }, [value, decimals, grouping]);

  const change = (typed: string) => {
    setText(typed);
    const parsed = parseViNumber(typed, { ...rules, unit: rules.unit ?? (typeof addonAfter === 'string' ? addonAfter : undefined) });
    const next = parsed.ok ? parsed.value : new InvalidNumber(typed, parsed.message);
    reported.current = next;
    onChange?.(next);
  };
  const invalid = value instanceof InvalidNumber ? value : null;
  return (
    <span style={{ display: 'inline-block', ...(style?.width !== undefined ? { width: style.width } : {}) }}>
      <Input
        id={id}
        aria-label={label}
        aria-invalid={invalid ? true : undefined}
        inputMode={decimals > 0 || (rules.min ?? 0) < 0 ? 'decimal' : 'numeric'}
        autoComplete="off"
        size={size}
        style={{ ...style, width: '100%' }}
        className="bp-num-input"
        disabled={disabled}
        placeholder={placeholder ?? viNumberHint(rules)}
        value={text}
        status={invalid && showError ? 'error' : undefined}
        addonAfter={addonAfter}
        onChange={(e) => change(e.target.value)}
        onBlur={() => {
          // Show the grouping once the field is left; invalid text stays as typed, with its message.
          if (typeof value === 'number') setText(shown(value, decimals, grouping));
          onBlur?.();
        }}
      />
      {invalid && showError && (
        <Typography.Text type="danger" role="alert" style={{ display: 'block', fontSize: 12 }}>
          {label ? `${label}: ${invalid.message}` : invalid.message}
        </Typography.Text>
      )}
    </span>
  );
}

/** The form rule every numeric field carries: text that is not a valid number keeps the form from being sent. */
export const validNumberRule = {
  validator: (_: unknown, value: unknown) => (value instanceof InvalidNumber ? Promise.reject(new Error(value.message)) : Promise.resolve()),
};

/** A Form.Item holding a NumberInput: the item shows the input's reason, and the form is not sent while it stands. */
export function NumberFormItem({ input, rules, ...item }: FormItemProps & { input?: Omit<NumberInputProps, 'value' | 'onChange' | 'showError'> }) {
  return (
    <Form.Item {...item} rules={[...(rules ?? []), validNumberRule]}>
      <NumberInput {...input} showError={false} />
    </Form.Item>
  );
}
