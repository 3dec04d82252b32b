/**
 * Form fields on React Aria Components: a visible label, the input, a description, and the
 * service's message for this field (Form's validationErrors, by the field's name) below it.
 */
import type { ReactNode } from 'react';
import { Button, CheckboxButton, CheckboxField, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';

interface TextProps {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly description?: string;
  readonly placeholder?: string;
  readonly isReadOnly?: boolean;
  readonly isRequired?: boolean;
  readonly multiline?: boolean;
  readonly list?: string;
  readonly className?: string;
}

export function TextInput({ name, label, value, onChange, description, placeholder, isReadOnly, isRequired, multiline, list, className }: TextProps): ReactNode {
  return (
    <TextField name={name} value={value} onChange={onChange} isReadOnly={isReadOnly ?? false} isRequired={isRequired ?? false} className={`field ${className ?? ''}`} validationBehavior="aria">
      <Label>{label}</Label>
      {multiline === true ? <TextArea placeholder={placeholder} rows={3} /> : <Input placeholder={placeholder} list={list} spellCheck={false} autoComplete="off" />}
      {description === undefined ? null : <Text slot="description">{description}</Text>}
      <FieldError className="field-error" />
    </TextField>
  );
}

export interface Option {
  readonly id: string;
  readonly label: string;
}

export function SelectInput({ name, label, value, onChange, options, description, isRequired }: {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly Option[];
  readonly description?: string;
  readonly isRequired?: boolean;
}): ReactNode {
  return (
    <Select
      name={name}
      className="field"
      value={value === '' ? null : value}
      onChange={(key) => {
        onChange(key === null ? '' : String(key));
      }}
      isRequired={isRequired ?? false}
      validationBehavior="aria"
      placeholder="Choose…"
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {description === undefined ? null : <Text slot="description">{description}</Text>}
      <FieldError className="field-error" />
      <Popover className="popover">
        <ListBox className="listbox">
          {options.map((option) => (
            <ListBoxItem key={option.id} id={option.id} className="listbox-item" textValue={option.label}>
              {option.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function CheckboxInput({ name, label, value, onChange, description }: { readonly name: string; readonly label: string; readonly value: boolean; readonly onChange: (value: boolean) => void; readonly description?: string }): ReactNode {
  return (
    <CheckboxField name={name} isSelected={value} onChange={onChange} className="field">
      <CheckboxButton className="checkbox">
        <span className="checkbox-box" aria-hidden="true">
          {value ? '✓' : ''}
        </span>
        {label}
      </CheckboxButton>
      {description === undefined ? null : <Text slot="description">{description}</Text>}
    </CheckboxField>
  );
}
